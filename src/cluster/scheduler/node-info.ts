import { CPU, MEMORY, PODS, podRequests, toAmounts, type ResourceAmounts } from '../resources';
import type { SchedulerNode, SchedulerPod } from './types';

/**
 * What the scheduler knows about a node (framework.NodeInfo): its allocatable resources and what
 * the pods bound to it already request. Pods that have finished (Succeeded or Failed) do not
 * count: the scheduler's informer filters them out (scheduler.go, newPodInformer:
 * "status.phase!=Succeeded,status.phase!=Failed").
 */
export interface NodeInfo {
  node: SchedulerNode;
  pods: SchedulerPod[];
  allocatable: ResourceAmounts;
  /** Sum of the pods' requests. */
  requested: ResourceAmounts;
  /** Sum with the scoring defaults for pods that request nothing (see nonZeroRequests). */
  nonZeroRequested: ResourceAmounts;
}

// pkg/scheduler/util/pod_resources.go: DefaultMilliCPURequest, DefaultMemoryRequest.
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export function isTerminal(pod: SchedulerPod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** For scoring only, a pod without a cpu or memory request counts as 100m / 200Mi, so empty pods still spread. */
export function nonZeroRequests(req: ResourceAmounts): ResourceAmounts {
  return { ...req, [CPU]: req[CPU] || DEFAULT_MILLI_CPU_REQUEST, [MEMORY]: req[MEMORY] || DEFAULT_MEMORY_REQUEST };
}

function addTo(into: ResourceAmounts, more: ResourceAmounts): void {
  for (const [k, v] of Object.entries(more)) into[k] = (into[k] ?? 0) + v;
}

/** NodeInfo for each node, from every pod in the cluster (unbound and finished pods are skipped). */
export function buildNodeInfos(nodes: SchedulerNode[], pods: SchedulerPod[]): NodeInfo[] {
  const infos = new Map<string, NodeInfo>();
  for (const node of nodes) {
    infos.set(node.metadata.name, { node, pods: [], allocatable: toAmounts(node.status?.allocatable), requested: {}, nonZeroRequested: {} });
  }
  for (const pod of pods) {
    const info = pod.spec.nodeName ? infos.get(pod.spec.nodeName) : undefined;
    if (!info || isTerminal(pod)) continue;
    const req = podRequests(pod.spec);
    info.pods.push(pod);
    addTo(info.requested, req);
    addTo(info.nonZeroRequested, nonZeroRequests(req));
  }
  return [...infos.values()];
}

/** The pod limit of a node: allocatable "pods" (the kubelet sets 110 by default; a node without it takes no pods, as upstream). */
export function allowedPodNumber(info: NodeInfo): number {
  return info.allocatable[PODS] ?? 0;
}
