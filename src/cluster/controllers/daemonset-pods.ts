/**
 * What the DaemonSet controller decides per node, as pure functions (pkg/controller/daemon
 * daemon_controller.go NodeShouldRunDaemonPod / predicates / NewPod, and util/daemonset_util.go).
 */
import { matchesNodeSelectorAndAffinity, toleratedBy, type SchedulerNode, type SchedulerPod, type Taint, type Toleration } from '../scheduler';
import type { KubeObject } from '../store';

type Json = Record<string, any>;

/** apps.DefaultDaemonSetUniqueLabelKey: the template hash every daemon pod carries. */
export const ControllerRevisionHashLabel = 'controller-revision-hash';

/** util.AddOrUpdateDaemonPodTolerations: daemons stay through node problems and cordons. */
export function daemonTolerations(hostNetwork: boolean): Toleration[] {
  const exists = (key: string, effect: string): Toleration => ({ key, operator: 'Exists', effect });
  return [
    exists('node.kubernetes.io/not-ready', 'NoExecute'),
    exists('node.kubernetes.io/unreachable', 'NoExecute'),
    exists('node.kubernetes.io/disk-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/memory-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/pid-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/unschedulable', 'NoSchedule'),
    ...(hostNetwork ? [exists('node.kubernetes.io/network-unavailable', 'NoSchedule')] : []),
  ];
}

/** v1helper.AddOrUpdateTolerationInPodSpec: replace a toleration that matches (key, operator, value, effect), else append. */
function addOrUpdateToleration(spec: Json, t: Toleration): void {
  const same = (a: Toleration) => (a.key ?? '') === (t.key ?? '') && (a.effect ?? '') === (t.effect ?? '') && (a.operator ?? 'Equal') === (t.operator ?? 'Equal') && (a.value ?? '') === (t.value ?? '');
  const list = (spec.tolerations ?? []) as Toleration[];
  spec.tolerations = list.some(same) ? list.map((x) => (same(x) ? t : x)) : [...list, t];
}

/** util.CreatePodTemplate: the template with the daemon tolerations and the hash label. */
export function daemonPodTemplate(ds: KubeObject, hash: string): Json {
  const template = JSON.parse(JSON.stringify((ds.spec as Json).template ?? {})) as Json;
  template.spec ??= {};
  for (const t of daemonTolerations(!!template.spec.hostNetwork)) addOrUpdateToleration(template.spec, t);
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [ControllerRevisionHashLabel]: hash } };
  return template;
}

/**
 * util.ReplaceDaemonSetPodNodeNameNodeAffinity: the pod's required node affinity becomes "the
 * node named X" (matchFields metadata.name In [X]); the default scheduler then binds it there.
 */
export function pinToNode(spec: Json, nodeName: string): void {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] };
  spec.affinity ??= {};
  spec.affinity.nodeAffinity ??= {};
  spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: [term] };
}

/** util.GetTargetNodeName: spec.nodeName once bound, else the node the affinity pins it to. */
export function targetNodeName(pod: KubeObject): string | undefined {
  const spec = (pod.spec ?? {}) as Json;
  if (spec.nodeName) return spec.nodeName as string;
  for (const term of spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of term.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  }
  return undefined;
}

/** The first taint with one of `effects` that the tolerations do not tolerate (FindMatchingUntoleratedTaint). */
function untoleratedTaint(taints: Taint[], tolerations: Toleration[], effects: string[]): Taint | undefined {
  return taints.find((t) => effects.includes(t.effect) && !toleratedBy(tolerations, t));
}

/**
 * NodeShouldRunDaemonPod: shouldRun (create a pod here if there is none) and shouldContinueRunning
 * (keep the one that is here). A NoSchedule taint stops new pods but not a running one; an
 * untolerated NoExecute taint stops both.
 */
export function nodeShouldRunDaemonPod(node: KubeObject, ds: KubeObject): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const tspec = ((ds.spec as Json).template?.spec ?? {}) as Json;
  if (tspec.nodeName && tspec.nodeName !== node.metadata.name) return { shouldRun: false, shouldContinueRunning: false };
  // NewPod: the template as it would run on this node, with the daemon tolerations added.
  const tolerations = [...((tspec.tolerations ?? []) as Toleration[]), ...daemonTolerations(!!tspec.hostNetwork)];
  const pod = { metadata: { name: '' }, spec: { ...tspec, nodeName: node.metadata.name, tolerations } } as unknown as SchedulerPod;
  if (!matchesNodeSelectorAndAffinity(pod, node as unknown as SchedulerNode)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = ((node.spec as Json | undefined)?.taints ?? []) as Taint[];
  if (untoleratedTaint(taints, tolerations, ['NoSchedule', 'NoExecute'])) {
    return { shouldRun: false, shouldContinueRunning: !untoleratedTaint(taints, tolerations, ['NoExecute']) };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}

/** podByCreationTimestampAndPhase: bound pods first, then the oldest, then by name. */
export function byCreationTimestampAndPhase(a: KubeObject, b: KubeObject): number {
  const [na, nb] = [!!(a.spec as Json)?.nodeName, !!(b.spec as Json)?.nodeName];
  if (na !== nb) return na ? -1 : 1;
  const [ca, cb] = [a.metadata.creationTimestamp ?? '', b.metadata.creationTimestamp ?? ''];
  if (ca !== cb) return ca < cb ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}
