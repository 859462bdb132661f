import { escapeHtml } from '../display/html';
import { Rendered, show } from '../display/output';
import { renderTable } from '../display/table';
import { Check, readiness } from './check';

const mark: Record<Check['status'], string> = { ready: '✓', missing: '✗', optional: '–' };

export function renderReadiness(checks: Check[] = readiness()): Rendered {
  const rows = checks.map((c) => ({ '': mark[c.status], item: c.item, status: c.status, detail: c.detail, fix: c.fix ?? '' }));
  const t = renderTable(rows, { caption: 'What is ready' });
  const missing = checks.filter((c) => c.status === 'missing').length;
  const summary = missing === 0 ? 'Everything the labs need is ready.' : `${missing} thing(s) missing: see the fix column.`;
  return { html: t.html + `<p>${escapeHtml(summary)}</p>`, text: `${t.text}\n${summary}` };
}

/** Shows the readiness table in the notebook (or prints it). `readiness()` returns the same as data. */
export function checkEnvironment(): void {
  show(renderReadiness(readiness()));
}
