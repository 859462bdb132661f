import { escapeHtml } from './html';
import { Rendered, show } from './output';

/** A table row or chart datum: any plain object (interfaces included). */
export type Row = object;

const get = (r: Row, k: string): unknown => (r as Record<string, unknown>)[k];

export interface TableOptions {
  /** Columns to show, in order (default: keys of the first row, then any others seen). */
  columns?: string[];
  /** A caption above the table. */
  caption?: string;
  /** Units per column, shown in the header: e.g. { rate: 'msg/s' }. */
  units?: Record<string, string>;
}

function columnsOf(rows: Row[], opts: TableOptions): string[] {
  if (opts.columns) return opts.columns;
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumSignificantDigits: 6 });
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function header(c: string, opts: TableOptions): string {
  const unit = opts.units?.[c];
  return unit ? `${c} (${unit})` : c;
}

/** Renders rows as an HTML table (for notebooks) and an aligned plain-text table (for terminals). */
export function renderTable(rows: Row[], opts: TableOptions = {}): Rendered {
  const cols = columnsOf(rows, opts);
  const heads = cols.map((c) => header(c, opts));
  const body = rows.map((r) => cols.map((c) => cell(get(r, c))));
  const numeric = cols.map((c) => rows.length > 0 && rows.every((r) => get(r, c) === undefined || typeof get(r, c) === 'number'));
  // Explicit on both sides: classic Notebook's stylesheet right-aligns every table cell.
  const align = (i: number) => ` style="text-align:${numeric[i] ? 'right' : 'left'}"`;
  const html =
    `<table class="kit-table">` +
    (opts.caption ? `<caption>${escapeHtml(opts.caption)}</caption>` : '') +
    `<thead><tr>${heads.map((h, i) => `<th${align(i)}>${escapeHtml(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>${body.map((r) => `<tr>${r.map((v, i) => `<td${align(i)}>${escapeHtml(v)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  const widths = heads.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  const text = [opts.caption ?? '', line(heads), ...body.map(line)].filter((l, i) => i > 0 || l).join('\n');
  return { html, text };
}

/** Shows a table in the notebook (or prints it, outside one). */
export function table(rows: Row[], opts: TableOptions = {}): void {
  show(renderTable(rows, opts));
}
