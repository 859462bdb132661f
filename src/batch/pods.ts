/**
 * Reading a Job's pods back as numbers: when each pod lived (virtual seconds since the Job
 * started), how many ran at once, and how long the controller waited after each failure.
 */
import type { Span } from '../display/timeline';

type Obj = { metadata?: { name?: string; creationTimestamp?: string }; status?: Record<string, any> };

function ms(t: string | undefined): number | undefined {
  return t ? Date.parse(t) : undefined;
}

/** When the pod stopped: the last container's finishedAt (terminated), else undefined (still running). */
export function podFinishedAt(pod: Obj): number | undefined {
  const states = (pod.status?.containerStatuses ?? []) as Array<{ state?: { terminated?: { finishedAt?: string } } }>;
  const ends = states.map((c) => ms(c.state?.terminated?.finishedAt)).filter((t): t is number => t !== undefined);
  if (ends.length && ends.length === states.length) return Math.max(...ends);
  return undefined;
}

function byCreation(pods: Obj[]): Obj[] {
  return [...pods].sort((a, b) => (ms(a.metadata?.creationTimestamp) ?? 0) - (ms(b.metadata?.creationTimestamp) ?? 0) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}

/**
 * One span per pod, from its creation to the end of its containers (or `now` while it runs), in
 * seconds since `origin` (default: the first pod's creation). Status is the pod's phase.
 */
export function podTimeline(pods: Obj[], opts: { origin?: number; now?: number } = {}): Span[] {
  const sorted = byCreation(pods);
  const origin = opts.origin ?? ms(sorted[0]?.metadata?.creationTimestamp) ?? 0;
  return sorted.map((p) => {
    const start = (ms(p.metadata?.creationTimestamp) ?? origin) - origin;
    const end = (podFinishedAt(p) ?? opts.now ?? origin + start) - origin;
    return { lane: p.metadata?.name ?? '?', start: start / 1000, end: end / 1000, status: String(p.status?.phase ?? 'Pending') };
  });
}

/** The largest number of spans alive at one instant (a span that ends at t does not overlap one that starts at t). */
export function maxConcurrent(spans: Array<Pick<Span, 'start' | 'end'>>): number {
  const edges = spans.flatMap((s) => [{ t: s.start, d: 1 }, { t: s.end, d: -1 }]);
  edges.sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let max = 0;
  for (const e of edges) {
    now += e.d;
    max = Math.max(max, now);
  }
  return max;
}

/** Seconds between a failed pod's end and the creation of the next pod: the Job controller's backoff. */
export function backoffIntervals(pods: Obj[]): number[] {
  const sorted = byCreation(pods);
  const out: number[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    if (prev.status?.phase !== 'Failed') continue;
    const end = podFinishedAt(prev);
    const next = ms(sorted[i].metadata?.creationTimestamp);
    if (end !== undefined && next !== undefined) out.push((next - end) / 1000);
  }
  return out;
}
