/** Helpers the table printers share (pkg/printers/internalversion/printers.go, util/duration). */
import type { ColumnDefinition } from './registry';
import type { KubeObject } from '../store';

/** duration.HumanDuration: "45s", "3m20s", "5h10m", "3d4h", as kubectl's AGE column. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${Math.floor(days / 365)}y` : `${Math.floor(days / 365)}y${days % 365}d`;
  return `${Math.floor(days / 365)}y`;
}

/** translateTimestampSince: "<unknown>" for a missing time. */
export function since(timestamp: string | undefined, now: number): string {
  if (!timestamp) return '<unknown>';
  return humanDuration(now - Date.parse(timestamp));
}

export function age(obj: KubeObject, now: number): string {
  return since(obj.metadata.creationTimestamp, now);
}

export const nameColumn: ColumnDefinition = {
  name: 'Name', type: 'string', format: 'name', priority: 0,
  description: 'Name must be unique within a namespace. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
};

export const ageColumn: ColumnDefinition = {
  name: 'Age', type: 'string', format: '', priority: 0,
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
};

export function col(name: string, type: ColumnDefinition['type'], description: string, priority: 0 | 1 = 0): ColumnDefinition {
  return { name, type, format: '', description, priority };
}

/** Reads a nested field without a cast at every step. */
export function at<T = unknown>(obj: unknown, ...path: Array<string | number>): T | undefined {
  let cur: unknown = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur as T | undefined;
}

/** "nginx,sidecar" and "nginx:1.27,busybox" for the wide CONTAINERS / IMAGES columns. */
export function containersAndImages(podSpec: unknown): [string, string] {
  const cs = at<Array<{ name: string; image: string }>>(podSpec, 'containers') ?? [];
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image).join(',')];
}
