import { marked } from 'marked';
import type { Answer, Question } from './types';

/** Markdown to HTML with marked (explanations, questions and options in the widget and reports). */
export function md(s: string): string {
  return marked.parse(s, { async: false, gfm: true }) as string;
}

/** Inline Markdown (no wrapping <p>), for option labels. */
export function mdInline(s: string): string {
  return marked.parseInline(s, { async: false, gfm: true }) as string;
}

/** Markdown read in a terminal: emphasis and code marks dropped, everything else as written. */
export function plain(s: string): string {
  return s.replace(/\*\*(.+?)\*\*/g, '$1').replace(/(^|[\s(])[*_](\S(?:.*?\S)?)[*_](?=[\s).,;:!?]|$)/gm, '$1$2').replace(/`([^`]+)`/g, '$1').trim();
}

export function formatAnswer(q: Question, a: Answer | null | undefined): string {
  if (a === null || a === undefined) return '(no answer)';
  if (q.type === 'numeric') return `${a}${q.unit ? ' ' + q.unit : ''}`;
  return Array.isArray(a) ? a.join(q.type === 'ordering' ? ' → ' : ', ') : String(a);
}

/** Feedback as a learner reads it in the terminal. */
export function feedbackText(q: Question, a: Answer, correct: boolean, credit: number): string {
  const lines = [correct ? '✓ Right.' : credit > 0 ? `◐ Partly right (${Math.round(credit * 100)} % credit).` : '✗ Not quite.'];
  if (!correct) lines.push(`  The answer is ${formatAnswer(q, q.answer)}${q.type === 'numeric' && q.tolerance ? ` (± ${q.tolerance})` : ''}; you gave ${formatAnswer(q, a)}.`);
  const picked = Array.isArray(a) ? a : [String(a)];
  for (const k of picked) if (q.wrong?.[k]) lines.push(`  ${k}: ${plain(q.wrong[k])}`);
  lines.push('', plain(q.explanation), `  Source: ${q.source}`);
  return lines.join('\n');
}

/** Parses what a learner typed for a question: "b", "a,c", "c a b d", "12.5". */
export function parseAnswer(q: Question, s: string): Answer {
  const t = s.trim();
  if (q.type === 'numeric') return Number(t.replace(/[$,\s]/g, ''));
  if (q.type === 'single') return t.toLowerCase();
  return t.toLowerCase().split(/[\s,]+/).filter(Boolean);
}
