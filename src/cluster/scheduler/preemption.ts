import { podRequests } from '../resources';
import { runFilters } from './filters';
import { nonZeroRequests, type NodeInfo } from './node-info';
import { histogramMessage, NO_PREEMPTION_VICTIMS, PREEMPTION_NOT_HELPFUL, PREEMPTION_POLICY_NEVER } from './fit-error';
import type { FilterStatus, SchedulerPod } from './types';

/**
 * DefaultPreemption (pkg/scheduler/framework/preemption/preemption.go and
 * plugins/defaultpreemption/default_preemption.go), without PodDisruptionBudgets: on nodes that
 * failed only for resources, remove every lower-priority pod; if the pod then fits, add back as
 * many as possible, most important first. The rest are the victims.
 */

export interface PreemptionOutcome {
  /** The node to evict victims on, when preemption can help. */
  nominatedNodeName?: string;
  victims: SchedulerPod[];
  /** The "preemption: …" part of the message when it cannot (without the prefix). */
  message?: string;
}

const priorityOf = (p: SchedulerPod) => p.spec.priority ?? 0;

function withPods(info: NodeInfo, pods: SchedulerPod[]): NodeInfo {
  const next: NodeInfo = { node: info.node, pods, allocatable: info.allocatable, requested: {}, nonZeroRequested: {} };
  for (const p of pods) {
    const req = podRequests(p.spec);
    for (const [k, v] of Object.entries(req)) next.requested[k] = (next.requested[k] ?? 0) + v;
    for (const [k, v] of Object.entries(nonZeroRequests(req))) next.nonZeroRequested[k] = (next.nonZeroRequested[k] ?? 0) + v;
  }
  return next;
}

/** SelectVictimsOnNode: the fewest lower-priority pods whose eviction lets the pod fit, or undefined. */
export function selectVictimsOnNode(pod: SchedulerPod, info: NodeInfo): SchedulerPod[] | undefined {
  const lower = info.pods.filter((p) => priorityOf(p) < priorityOf(pod));
  if (lower.length === 0) return undefined;
  const kept = info.pods.filter((p) => priorityOf(p) >= priorityOf(pod));
  if (runFilters(pod, withPods(info, kept))) return undefined;
  // Reprieve the most important first (util.MoreImportantPod: higher priority wins).
  const victims: SchedulerPod[] = [];
  for (const p of [...lower].sort((a, b) => priorityOf(b) - priorityOf(a))) {
    if (runFilters(pod, withPods(info, [...kept, p]))) victims.push(p);
    else kept.push(p);
  }
  return victims;
}

export function preempt(pod: SchedulerPod, infos: NodeInfo[], statuses: Map<string, FilterStatus>): PreemptionOutcome {
  if (pod.spec.preemptionPolicy === 'Never') return { victims: [], message: `${PREEMPTION_POLICY_NEVER}.` };
  const reasons: string[][] = [];
  let best: { node: string; victims: SchedulerPod[] } | undefined;
  const rank = (v: SchedulerPod[]) => [Math.max(...v.map(priorityOf)), v.reduce((s, p) => s + priorityOf(p), 0), v.length];
  for (const info of infos) {
    const status = statuses.get(info.node.metadata.name);
    if (!status) continue;
    if (status.code === 'UnschedulableAndUnresolvable') {
      reasons.push([PREEMPTION_NOT_HELPFUL]);
      continue;
    }
    const victims = selectVictimsOnNode(pod, info);
    if (!victims) {
      reasons.push([NO_PREEMPTION_VICTIMS]);
      continue;
    }
    // pickOneNodeForPreemption: lowest highest-priority victim, then lowest priority sum, then fewest victims.
    if (!best || compare(rank(victims), rank(best.victims)) < 0) best = { node: info.node.metadata.name, victims };
  }
  if (best) return { nominatedNodeName: best.node, victims: best.victims };
  return { victims: [], message: histogramMessage(infos.length, reasons) };
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
