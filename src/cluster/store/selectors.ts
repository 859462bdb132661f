/**
 * Label and field selectors, with the syntax kubectl sends
 * (k8s.io/apimachinery/pkg/labels/selector.go, pkg/fields/selector.go).
 */
import { badRequest } from './errors';
import type { KubeObject } from './types';

export type LabelRequirement =
  | { key: string; op: 'exists' | '!exists' }
  | { key: string; op: '=' | '!='; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: '>' | '<'; value: number };

export type LabelSelector = LabelRequirement[];

/** Splits on commas that are not inside `in (...)` parentheses. */
function splitTop(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

export function parseLabelSelector(text: string | undefined): LabelSelector {
  if (!text) return [];
  return splitTop(text).map((part) => {
    let m = /^!\s*([\w./-]+)$/.exec(part);
    if (m) return { key: m[1], op: '!exists' as const };
    m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (m) return { key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((v) => v.trim()) };
    m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(part);
    if (m) return { key: m[1], op: m[2] === '!=' ? ('!=' as const) : ('=' as const), value: m[3] };
    m = /^([\w./-]+)\s*([<>])\s*(-?\d+)$/.exec(part);
    if (m) return { key: m[1], op: m[2] as '<' | '>', value: Number(m[3]) };
    m = /^([\w./-]+)$/.exec(part);
    if (m) return { key: m[1], op: 'exists' as const };
    throw badRequest(`unable to parse requirement: found '${part}', expected: in, notin, =, ==, !=, gt, lt`);
  });
}

export function matchLabels(sel: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return sel.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists': return has;
      case '!exists': return !has;
      case '=': return has && l[r.key] === r.value;
      case '!=': return !has || l[r.key] !== r.value;
      case 'in': return has && r.values.includes(l[r.key]);
      case 'notin': return !has || !r.values.includes(l[r.key]);
      case '>': return has && Number(l[r.key]) > r.value;
      case '<': return has && Number(l[r.key]) < r.value;
    }
  });
}

/** metav1.LabelSelector (matchLabels + matchExpressions), as Deployments and Jobs carry it. */
export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}

export function selectorFromSpec(spec: LabelSelectorSpec | undefined): LabelSelector {
  const out: LabelSelector = [];
  for (const [key, value] of Object.entries(spec?.matchLabels ?? {})) out.push({ key, op: '=', value });
  for (const e of spec?.matchExpressions ?? []) {
    if (e.operator === 'In') out.push({ key: e.key, op: 'in', values: e.values ?? [] });
    else if (e.operator === 'NotIn') out.push({ key: e.key, op: 'notin', values: e.values ?? [] });
    else if (e.operator === 'Exists') out.push({ key: e.key, op: 'exists' });
    else out.push({ key: e.key, op: '!exists' });
  }
  return out;
}

/** "app=web,tier!=db" from a LabelSelectorSpec, as kubectl prints selectors. */
export function formatSelectorSpec(spec: LabelSelectorSpec | undefined): string {
  return selectorFromSpec(spec)
    .map((r) => {
      switch (r.op) {
        case 'exists': return r.key;
        case '!exists': return `!${r.key}`;
        case '=': case '!=': return `${r.key}${r.op}${r.value}`;
        case 'in': case 'notin': return `${r.key} ${r.op} (${r.values.join(',')})`;
        default: return `${r.key}${r.op}${r.value}`;
      }
    })
    .join(',');
}

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

export type FieldSelector = FieldRequirement[];

/**
 * Parses a field selector and checks each field against the kind's supported list; upstream
 * answers an unsupported field with `field label not supported: <field>`.
 */
export function parseFieldSelector(text: string | undefined, supported: readonly string[]): FieldSelector {
  if (!text) return [];
  return text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((part) => {
      const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
      if (!m) throw badRequest(`invalid selector: '${part}'; can't understand '${part}'`);
      const field = m[1];
      if (field !== 'metadata.name' && field !== 'metadata.namespace' && !supported.includes(field)) {
        throw badRequest(`field label not supported: ${field}`);
      }
      return { field, op: m[2] === '!=' ? ('!=' as const) : ('=' as const), value: m[3] };
    });
}

/** Reads a dotted path ("spec.nodeName") as a field selector compares it: missing = "". */
export function fieldValue(obj: KubeObject, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return '';
  return String(cur);
}

export function matchFields(sel: FieldSelector, obj: KubeObject): boolean {
  return sel.every((r) => (fieldValue(obj, r.field) === r.value) === (r.op === '='));
}
