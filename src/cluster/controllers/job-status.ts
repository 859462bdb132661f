/** Job conditions and their upstream reasons and messages (job_controller.go, batch/v1 types.go). */
import { rfc3339 } from '../clock';
import type { KubeObject } from '../store';

export interface JobCondition {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
  lastProbeTime?: string;
  lastTransitionTime?: string;
}

export const Reasons = {
  BackoffLimitExceeded: { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
  DeadlineExceeded: { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' },
  FailedIndexes: { reason: 'FailedIndexes', message: 'Job has failed indexes' },
  MaxFailedIndexesExceeded: { reason: 'MaxFailedIndexesExceeded', message: 'Job has exceeded the specified maximal number of failed indexes' },
  CompletionsReached: { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
} as const;

export function conditions(job: KubeObject): JobCondition[] {
  return ((job.status as { conditions?: JobCondition[] } | undefined)?.conditions ?? []);
}

export function hasTrue(job: KubeObject, type: string): JobCondition | undefined {
  return conditions(job).find((c) => c.type === type && c.status === 'True');
}

/** Whether the Job has its terminal condition (IsJobFinished). */
export function isFinished(job: KubeObject): boolean {
  return !!(hasTrue(job, 'Complete') || hasTrue(job, 'Failed'));
}

/** Sets a condition, keeping lastTransitionTime when the status does not change (ensureJobConditionStatus). */
export function setCondition(list: JobCondition[], type: string, status: 'True' | 'False', reason: string, message: string, now: number): JobCondition[] {
  const t = rfc3339(now);
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0) {
    const cur = list[i];
    if (cur.status === status && cur.reason === reason && cur.message === message) return list;
    const next = [...list];
    next[i] = { type, status, reason, message, lastProbeTime: t, lastTransitionTime: cur.status === status ? cur.lastTransitionTime : t };
    return next;
  }
  return [...list, { type, status, reason, message, lastProbeTime: t, lastTransitionTime: t }];
}
