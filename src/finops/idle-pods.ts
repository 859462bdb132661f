import { UserError } from '../cli/errors';
import { fargatePodCost, FargateSize } from './fargate';

export interface IdleJobPodsInput {
  /** Finished pods left behind (completions, plus failed retries). */
  pods: number;
  size: FargateSize;
  /** How long they sit finished before anyone deletes them, hours. */
  idleHours: number;
  /** ttlSecondsAfterFinished, when set: the pods go after this many seconds instead. */
  ttlSecondsAfterFinished?: number;
}

export interface IdleJobPodsCost {
  idleSecondsPerPod: number;
  usd: number;
  /** What the same pods cost with the TTL, for comparison (undefined when no TTL given). */
  usdWithTtl?: number;
}

/**
 * On Fargate a finished Job pod keeps its micro-VM, and billing, until the pod object is deleted
 * (facts: kubernetes-eks.md §4). ttlSecondsAfterFinished has the TTL-after-finished controller delete
 * the Job and its pods (pkg/controller/ttlafterfinished). Each idle pod is billed like a running one,
 * including the one-minute minimum.
 */
export function idleJobPodCost(i: IdleJobPodsInput): IdleJobPodsCost {
  if (!(i.pods >= 0) || !(i.idleHours >= 0)) throw new UserError('pods and idle hours must be ≥ 0');
  const idleSecondsPerPod = i.idleHours * 3600;
  const usd = i.pods * fargatePodCost(i.size, idleSecondsPerPod).usd;
  const ttl = i.ttlSecondsAfterFinished;
  const usdWithTtl = ttl === undefined ? undefined : i.pods * fargatePodCost(i.size, Math.min(ttl, idleSecondsPerPod)).usd;
  return { idleSecondsPerPod, usd, usdWithTtl };
}
