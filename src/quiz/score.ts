import type { Answer, Bank, Question } from './types';

export interface Scored {
  /** Credit earned, 0–1. */
  credit: number;
  /** Fully right. */
  correct: boolean;
}

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Scoring rules:
 * - single: all or nothing;
 * - multiple: (right picks − wrong picks) / number of right options, floored at 0, so guessing every
 *   option earns nothing and one wrong pick cancels one right pick;
 * - numeric: right when |answer − expected| ≤ tolerance (0 when not given; float noise ignored);
 * - ordering: all or nothing (the whole sequence must match), as the exam scores it.
 * No answer earns 0.
 */
export function scoreAnswer(q: Question, a: Answer | undefined | null): Scored {
  if (a === undefined || a === null) return { credit: 0, correct: false };
  switch (q.type) {
    case 'single': {
      const ok = a === q.answer;
      return { credit: ok ? 1 : 0, correct: ok };
    }
    case 'multiple': {
      const want = q.answer as string[];
      const picks = [...new Set(Array.isArray(a) ? a : [String(a)])];
      const right = picks.filter((p) => want.includes(p)).length;
      const wrong = picks.length - right;
      const credit = Math.max(0, (right - wrong) / want.length);
      return { credit, correct: right === want.length && wrong === 0 };
    }
    case 'numeric': {
      const x = typeof a === 'number' ? a : Number(a);
      const ok = Number.isFinite(x) && Math.abs(x - (q.answer as number)) <= (q.tolerance ?? 0) + 1e-9 * Math.max(1, Math.abs(q.answer as number));
      return { credit: ok ? 1 : 0, correct: ok };
    }
    case 'ordering': {
      const ok = Array.isArray(a) && same(a, q.answer as string[]);
      return { credit: ok ? 1 : 0, correct: ok };
    }
  }
}

export interface DomainScore {
  domain: string;
  title: string;
  questions: number;
  earned: number;
  percent: number;
}

export interface SheetScore {
  questions: number;
  answered: number;
  earned: number;
  percent: number;
  passPercent?: number;
  passed?: boolean;
  byDomain: DomainScore[];
  results: Array<{ id: string; domain: string; answer: Answer | null; expected: Answer; credit: number; correct: boolean }>;
}

const pct = (x: number, n: number) => (n === 0 ? 0 : Math.round((x / n) * 10000) / 100);

/** Scores a set of questions against answers by id, with a per-domain breakdown in the bank's domain order. */
export function scoreSheet(questions: Question[], answers: Record<string, Answer | null | undefined>, bank?: Pick<Bank, 'domains' | 'exam'>): SheetScore {
  const results = questions.map((q) => {
    const a = answers[q.id];
    const s = scoreAnswer(q, a);
    return { id: q.id, domain: q.domain, answer: a ?? null, expected: q.answer, ...s };
  });
  const earned = results.reduce((x, r) => x + r.credit, 0);
  const order = bank?.domains.map((d) => d.id) ?? [];
  for (const r of results) if (!order.includes(r.domain)) order.push(r.domain);
  const byDomain = order
    .map((d) => {
      const rs = results.filter((r) => r.domain === d);
      const e = rs.reduce((x, r) => x + r.credit, 0);
      return { domain: d, title: bank?.domains.find((x) => x.id === d)?.title ?? d, questions: rs.length, earned: e, percent: pct(e, rs.length) };
    })
    .filter((d) => d.questions > 0);
  const percent = pct(earned, questions.length);
  const passPercent = bank?.exam?.passPercent;
  return {
    questions: questions.length,
    answered: results.filter((r) => r.answer !== null).length,
    earned,
    percent,
    ...(passPercent !== undefined ? { passPercent, passed: percent >= passPercent } : {}),
    byDomain,
    results,
  };
}
