import { CPU, MEMORY, type ResourceAmounts } from '../resources';
import { matchesTerm, toleratedBy } from './filters';
import { nonZeroRequests, type NodeInfo } from './node-info';
import type { SchedulerPod } from './types';

/**
 * The Score plugins of the default profile that matter without volumes or pod affinity, with
 * their default weights (default_plugins.go): TaintToleration 3, NodeAffinity 2,
 * NodeResourcesFit (LeastAllocated) 1, NodeResourcesBalancedAllocation 1. Each plugin scores a
 * node 0..100 (MaxNodeScore); the node's score is the weighted sum.
 */

export const MAX_NODE_SCORE = 100;

export interface NodeScore {
  node: string;
  total: number;
  /** Per plugin, after normalisation and before weighting. */
  plugins: Record<string, number>;
}

const RESOURCES = [CPU, MEMORY];

/**
 * noderesources/least_allocated.go: (allocatable - requested) * 100 / allocatable per resource,
 * averaged over cpu and memory (weight 1 each); a resource the node has none of is left out.
 */
export function leastAllocatedScore(info: NodeInfo, podReq: ResourceAmounts): number {
  const req = nonZeroRequests(podReq);
  let sum = 0;
  let weights = 0;
  for (const r of RESOURCES) {
    const capacity = info.allocatable[r] ?? 0;
    if (capacity === 0) continue;
    const requested = (info.nonZeroRequested[r] ?? 0) + req[r];
    sum += requested > capacity ? 0 : Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
    weights += 1;
  }
  return weights === 0 ? 0 : Math.floor(sum / weights);
}

/** noderesources/balanced_allocation.go: 100 × (1 − standard deviation of the cpu and memory fractions), actual requests. */
export function balancedAllocationScore(info: NodeInfo, podReq: ResourceAmounts): number {
  const fractions: number[] = [];
  for (const r of RESOURCES) {
    const capacity = info.allocatable[r] ?? 0;
    if (capacity === 0) continue;
    fractions.push(Math.min(1, ((info.requested[r] ?? 0) + (podReq[r] ?? 0)) / capacity));
  }
  // For two resources the standard deviation is half their difference; with one it is zero.
  const std = fractions.length === 2 ? Math.abs(fractions[0] - fractions[1]) / 2 : 0;
  return Math.floor((1 - std) * MAX_NODE_SCORE);
}

/** tainttoleration: how many PreferNoSchedule taints the pod does not tolerate (fewer is better). */
export function intolerablePreferNoSchedule(pod: SchedulerPod, info: NodeInfo): number {
  return (info.node.spec?.taints ?? []).filter((t) => t.effect === 'PreferNoSchedule' && !toleratedBy(pod.spec.tolerations, t)).length;
}

/** nodeaffinity: the summed weights of the preferred terms the node matches. */
export function preferredAffinityWeight(pod: SchedulerPod, info: NodeInfo): number {
  const preferred = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  return preferred.filter((p) => p.weight !== 0 && matchesTerm(p.preference, info.node)).reduce((s, p) => s + p.weight, 0);
}

/** helper/normalize_score.go, DefaultNormalizeScore: scale to 0..100 by the maximum; `reverse` makes low raw scores win. */
export function normalize(raw: number[], reverse: boolean): number[] {
  const max = Math.max(0, ...raw);
  if (max === 0) return raw.map(() => (reverse ? MAX_NODE_SCORE : 0));
  return raw.map((s) => {
    const v = Math.floor((MAX_NODE_SCORE * s) / max);
    return reverse ? MAX_NODE_SCORE - v : v;
  });
}

export const SCORE_WEIGHTS = { TaintToleration: 3, NodeAffinity: 2, NodeResourcesFit: 1, NodeResourcesBalancedAllocation: 1 } as const;

/** Scores the feasible nodes for the pod. */
export function scoreNodes(pod: SchedulerPod, infos: NodeInfo[], podReq: ResourceAmounts): NodeScore[] {
  const taint = normalize(infos.map((i) => intolerablePreferNoSchedule(pod, i)), true);
  const affinity = normalize(infos.map((i) => preferredAffinityWeight(pod, i)), false);
  return infos.map((info, i) => {
    const plugins = {
      TaintToleration: taint[i],
      NodeAffinity: affinity[i],
      NodeResourcesFit: leastAllocatedScore(info, podReq),
      NodeResourcesBalancedAllocation: balancedAllocationScore(info, podReq),
    };
    const total = (Object.keys(plugins) as Array<keyof typeof plugins>).reduce((s, k) => s + plugins[k] * SCORE_WEIGHTS[k], 0);
    return { node: info.node.metadata.name, total, plugins };
  });
}
