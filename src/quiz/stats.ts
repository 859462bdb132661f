import { renderChart, renderTable, show, xySpec, type Chart, type Rendered } from '../display';
import { loadProgress, type HistoryEntry, type Progress } from './store';

export interface DomainStat {
  bank: string;
  domain: string;
  answered: number;
  right: number;
  percent: number;
}

const pct = (x: number, n: number) => (n ? Math.round((1000 * x) / n) / 10 : 0);

function filter(p: Progress, bank?: string): HistoryEntry[] {
  return p.history.filter((h) => !bank || h.bank === bank);
}

/** Answers and credit per bank and domain, over all attempts. */
export function domainStats(p: Progress = loadProgress(), bank?: string): DomainStat[] {
  const m = new Map<string, DomainStat & { earned: number }>();
  for (const h of filter(p, bank)) {
    const k = `${h.bank}\0${h.domain}`;
    const s = m.get(k) ?? { bank: h.bank, domain: h.domain, answered: 0, right: 0, percent: 0, earned: 0 };
    s.answered++;
    s.right += h.correct ? 1 : 0;
    s.earned += h.credit;
    m.set(k, s);
  }
  return [...m.values()].map(({ earned, ...s }) => ({ ...s, percent: pct(earned, s.answered) }));
}

/** Cumulative score per domain at the end of each day with answers: the trend the chart shows. */
export function progressOverTime(p: Progress = loadProgress(), bank?: string): Array<{ day: number; date: string; domain: string; percent: number }> {
  const hs = [...filter(p, bank)].sort((a, b) => a.at - b.at);
  if (!hs.length) return [];
  const dayOf = (t: number) => Math.floor(t / 86_400_000);
  const first = dayOf(hs[0].at);
  const acc = new Map<string, { n: number; earned: number }>();
  const rows: Array<{ day: number; date: string; domain: string; percent: number }> = [];
  let i = 0;
  while (i < hs.length) {
    const d = dayOf(hs[i].at);
    for (; i < hs.length && dayOf(hs[i].at) === d; i++) {
      const a = acc.get(hs[i].domain) ?? { n: 0, earned: 0 };
      a.n++;
      a.earned += hs[i].credit;
      acc.set(hs[i].domain, a);
    }
    for (const [domain, a] of acc) rows.push({ day: d - first + 1, date: new Date(d * 86_400_000).toISOString().slice(0, 10), domain, percent: pct(a.earned, a.n) });
  }
  return rows;
}

/** The stats table (shown in the notebook, or printed). */
export function statsTable(p: Progress = loadProgress(), bank?: string): Rendered {
  const r = renderTable(domainStats(p, bank) as unknown as Record<string, unknown>[], { columns: ['bank', 'domain', 'answered', 'right', 'percent'], units: { percent: '%' }, caption: 'Quiz progress by domain' });
  show(r);
  return r;
}

/** Progress by domain over time as a line chart, or as bars when all answers fall on one day. */
export async function statsChart(p: Progress = loadProgress(), bank?: string): Promise<Chart> {
  const rows = progressOverTime(p, bank);
  const days = new Set(rows.map((r) => r.day)).size;
  const spec =
    days <= 1
      ? xySpec(domainStats(p, bank) as unknown as Record<string, unknown>[], 'bar', { x: 'domain', y: 'percent', yTitle: 'score (%)', xTitle: 'domain', title: 'Score by domain' })
      : xySpec(rows, 'line', { x: 'day', y: 'percent', series: 'domain', xTitle: 'day of study (days)', yTitle: 'cumulative score (%)', title: 'Progress by domain over time' });
  const c = await renderChart(spec);
  show(c);
  return c;
}

/** The notebook's stats cell: table and chart, or how to start when there are no answers yet. */
export async function showStats(p: Progress = loadProgress(), bank?: string): Promise<Chart | undefined> {
  if (!filter(p, bank).length) {
    show({ html: '<p>No answers yet: run <code>kit quiz</code> in a terminal (widget answers are checked in the browser and not saved), then run this cell again.</p>', text: 'No answers yet: run `kit quiz` in a terminal, then run this cell again.' });
    return undefined;
  }
  statsTable(p, bank);
  return statsChart(p, bank);
}
