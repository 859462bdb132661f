import { CPU, MEMORY, podRequests, type ResourceAmounts } from '../resources';
import { allowedPodNumber, type NodeInfo } from './node-info';
import type { FilterStatus, NodeSelectorRequirement, NodeSelectorTerm, SchedulerNode, SchedulerPod, Taint, Toleration } from './types';

/**
 * The Filter plugins of the default profile, in the order kube-scheduler runs them
 * (pkg/scheduler/apis/config/v1/default_plugins.go). A node fails at the first plugin that
 * rejects it, so each node contributes the reasons of one plugin. Reason strings are upstream's.
 */

export type FilterPlugin = (pod: SchedulerPod, info: NodeInfo, podReq: ResourceAmounts) => FilterStatus | undefined;

// plugins/nodeunschedulable/node_unschedulable.go
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
// plugins/nodename/node_name.go
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";
// plugins/nodeaffinity/node_affinity.go
export const ERR_REASON_POD_AFFINITY_SELECTOR = "node(s) didn't match Pod's node affinity/selector";
// plugins/noderesources/fit.go
export const ERR_REASON_TOO_MANY_PODS = 'Too many pods';

/** v1.Toleration.ToleratesTaint (staging/src/k8s.io/api/core/v1/toleration.go). */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? 'Equal') {
    case 'Equal':
    case '':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function toleratedBy(tolerations: Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

export const nodeUnschedulable: FilterPlugin = (pod, info) => {
  if (!info.node.spec?.unschedulable) return undefined;
  // A pod that tolerates the unschedulable taint may still go there (DaemonSets do).
  if (toleratedBy(pod.spec.tolerations, { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' })) return undefined;
  return { plugin: 'NodeUnschedulable', code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_UNSCHEDULABLE] };
};

export const nodeName: FilterPlugin = (pod, info) => {
  if (!pod.spec.nodeName || pod.spec.nodeName === info.node.metadata.name) return undefined;
  return { plugin: 'NodeName', code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_NODE_NAME] };
};

/** Only NoSchedule and NoExecute taints filter; PreferNoSchedule only lowers the score. */
export const taintToleration: FilterPlugin = (pod, info) => {
  const taint = (info.node.spec?.taints ?? []).find((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !toleratedBy(pod.spec.tolerations, t));
  if (!taint) return undefined;
  return { plugin: 'TaintToleration', code: 'UnschedulableAndUnresolvable', reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`] };
};

/** nodeaffinity: one requirement (component-helpers/scheduling/corev1/nodeaffinity). Gt/Lt compare integers. */
export function matchesRequirement(req: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(values[0])) return false;
      const a = BigInt(value);
      const b = BigInt(values[0]);
      return req.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** A term matches when all its expressions and fields match; an empty term matches nothing. */
export function matchesTerm(term: NodeSelectorTerm, node: SchedulerNode): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  // matchFields supports only metadata.name.
  return exprs.every((r) => matchesRequirement(r, Object.prototype.hasOwnProperty.call(labels, r.key) ? labels[r.key] : undefined))
    && fields.every((r) => r.key === 'metadata.name' && matchesRequirement(r, node.metadata.name));
}

/** nodeSelector (every label equal) and the required node affinity (any term). */
export function matchesNodeSelectorAndAffinity(pod: SchedulerPod, node: SchedulerNode): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return required.nodeSelectorTerms.some((t) => matchesTerm(t, node));
}

export const nodeAffinity: FilterPlugin = (pod, info) => {
  if (matchesNodeSelectorAndAffinity(pod, info.node)) return undefined;
  return { plugin: 'NodeAffinity', code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_POD_AFFINITY_SELECTOR] };
};

/** The resources a pod lacks on a node (noderesources/fit.go, fitsRequest), in upstream's order. */
export function insufficientResources(podReq: ResourceAmounts, info: NodeInfo): string[] {
  const reasons: string[] = [];
  if (info.pods.length + 1 > allowedPodNumber(info)) reasons.push(ERR_REASON_TOO_MANY_PODS);
  const names = [CPU, MEMORY, 'ephemeral-storage', ...Object.keys(podReq).filter((r) => r !== CPU && r !== MEMORY && r !== 'ephemeral-storage' && r !== 'pods').sort()];
  for (const r of names) {
    const want = podReq[r] ?? 0;
    if (want > 0 && want > (info.allocatable[r] ?? 0) - (info.requested[r] ?? 0)) reasons.push(`Insufficient ${r}`);
  }
  return reasons;
}

export const nodeResourcesFit: FilterPlugin = (_pod, info, podReq) => {
  const reasons = insufficientResources(podReq, info);
  return reasons.length ? { plugin: 'NodeResourcesFit', code: 'Unschedulable', reasons } : undefined;
};

/** The default profile's filters, in order. */
export const DEFAULT_FILTERS: ReadonlyArray<FilterPlugin> = [nodeUnschedulable, nodeName, taintToleration, nodeAffinity, nodeResourcesFit];

/** Runs the filters on one node: undefined when the pod fits. */
export function runFilters(pod: SchedulerPod, info: NodeInfo, podReq: ResourceAmounts = podRequests(pod.spec)): FilterStatus | undefined {
  for (const f of DEFAULT_FILTERS) {
    const status = f(pod, info, podReq);
    if (status) return status;
  }
  return undefined;
}
