/**
 * The Job failure backoff (backoff_utils.go): after n failures since the last success, the next
 * pod waits min(10 s × 2^(n−1), cap) counted from the last failure. The cap is 10 minutes in the
 * current code (MaxJobPodFailureBackOff); the docs still say 6 minutes — the kit models the code.
 */
export const DefaultJobPodFailureBackOffMs = 10_000;
export const MaxJobPodFailureBackOffMs = 10 * 60_000;

export interface BackoffRecord {
  /** Failures since the last success (a success resets it). */
  failuresAfterLastSuccess: number;
  /** Virtual ms of the last failure. */
  lastFailureTime?: number;
}

/** backoff_utils.go getBackoff: 0 for no failures, else 10 s doubling, capped. */
export function backoffDelay(failures: number): number {
  if (failures <= 0) return 0;
  const d = DefaultJobPodFailureBackOffMs * 2 ** Math.min(failures - 1, 30);
  return Math.min(d, MaxJobPodFailureBackOffMs);
}

/** Remaining wait before a new pod may be created (getRemainingTimePerIndex / getRemainingTime). */
export function remainingBackoff(rec: BackoffRecord | undefined, now: number): number {
  if (!rec || rec.failuresAfterLastSuccess === 0 || rec.lastFailureTime === undefined) return 0;
  const left = rec.lastFailureTime + backoffDelay(rec.failuresAfterLastSuccess) - now;
  return left > 0 ? left : 0;
}

/** Applies newly finished pods to the record, in finish-time order (newBackoffRecord). */
export function updateBackoff(rec: BackoffRecord, finished: Array<{ failed: boolean; at: number }>): BackoffRecord {
  const next = { ...rec };
  for (const f of [...finished].sort((a, b) => a.at - b.at)) {
    if (f.failed) {
      next.failuresAfterLastSuccess++;
      next.lastFailureTime = Math.max(next.lastFailureTime ?? 0, f.at);
    } else {
      next.failuresAfterLastSuccess = 0;
      next.lastFailureTime = undefined;
    }
  }
  return next;
}
