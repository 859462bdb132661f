/**
 * Completion indexes of Indexed Jobs, kept as ordered intervals the way upstream writes
 * status.completedIndexes / status.failedIndexes (indexed_job_utils.go: orderedIntervals.String):
 * "1,3-5,7", and two consecutive indexes as "4,5", not "4-5".
 */
import type { KubeObject } from '../store';

export const CompletionIndexAnnotation = 'batch.kubernetes.io/job-completion-index';
export const IndexFailureCountAnnotation = 'batch.kubernetes.io/job-index-failure-count';

/** Parses "1,3-5,7" into a sorted set of indexes below `limit` (bad parts are skipped, as upstream). */
export function parseIndexes(s: string | undefined, limit = Number.MAX_SAFE_INTEGER): Set<number> {
  const out = new Set<number>();
  for (const part of (s ?? '').split(',')) {
    if (!part) continue;
    const [a, b] = part.split('-').map((x) => Number(x));
    if (!Number.isInteger(a)) continue;
    const last = b === undefined ? a : b;
    if (!Number.isInteger(last)) continue;
    for (let i = a; i <= last && i < limit; i++) out.add(i);
  }
  return out;
}

/** Formats indexes as upstream does: runs of three or more as "a-b", pairs as "a,b". */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((x, y) => x - y);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    const first = sorted[i];
    const last = sorted[j];
    parts.push(last === first ? `${first}` : last === first + 1 ? `${first},${last}` : `${first}-${last}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** The pod's completion index (annotation first, then label), or undefined. */
export function podIndex(pod: KubeObject): number | undefined {
  const raw = pod.metadata.annotations?.[CompletionIndexAnnotation] ?? pod.metadata.labels?.[CompletionIndexAnnotation];
  const n = Number(raw);
  return raw !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** The pod's per-index failure count (backoffLimitPerIndex). */
export function podIndexFailureCount(pod: KubeObject): number {
  const n = Number(pod.metadata.annotations?.[IndexFailureCountAnnotation] ?? 0);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}
