import { podRequests, toAmounts, type ResourceAmounts } from '../resources';
import { isTerminal, nonZeroRequests, type NodeInfo } from './node-info';
import type { SchedulerNode, SchedulerPod } from './types';

/**
 * The scheduler cache (pkg/scheduler/backend/cache/cache.go): a NodeInfo per node, kept up to
 * date from pod and node events (AddPod / UpdatePod / RemovePod, AddNode / RemoveNode), so a
 * scheduling cycle reads each node's requested resources instead of summing every pod in the
 * cluster again. Only pods bound to a node and not finished count, as buildNodeInfos does.
 *
 * Like upstream, the scheduler "assumes" a pod on its chosen node (AssumePod) as soon as it has
 * decided, and binds it in the background; the next cycle already counts it. The pod's event
 * with spec.nodeName confirms it; a failed binding forgets it (ForgetPod).
 */
export class SchedulerCache {
  private readonly nodes = new Map<string, SchedulerNode>();
  /** Per node name: the pods counted on it (by uid) and their summed requests. */
  private readonly usage = new Map<string, { pods: Map<string, SchedulerPod>; requested: ResourceAmounts; nonZeroRequested: ResourceAmounts }>();
  /** Where each counted pod is, and what it added (to take exactly that away again). */
  private readonly counted = new Map<string, { nodeName: string; req: ResourceAmounts }>();
  /** NodeInfos handed out, rebuilt for a node only after it changed (the snapshot's generations). */
  private readonly infos = new Map<string, NodeInfo>();
  /** Pods assumed on a node whose binding has not been seen yet, by uid. */
  private readonly assumed = new Set<string>();

  /** A node was added or changed (labels, taints, allocatable). */
  updateNode(node: SchedulerNode): void {
    this.nodes.set(node.metadata.name, node);
    this.infos.delete(node.metadata.name);
  }

  removeNode(name: string): void {
    // Its pods stay counted until their own events come, as upstream keeps a "ghost" node.
    this.nodes.delete(name);
    this.infos.delete(name);
  }

  /** A pod was added or changed: count it on its node while it is bound and not finished. */
  updatePod(pod: SchedulerPod): void {
    const uid = uidOf(pod);
    // Only bound pods reach upstream's cache: an older event of an assumed pod changes nothing.
    if (this.assumed.has(uid)) {
      if (!pod.spec.nodeName) return;
      this.assumed.delete(uid);
    }
    this.removePod(pod);
    const nodeName = pod.spec.nodeName;
    if (!nodeName || isTerminal(pod)) return;
    const req = podRequests(pod.spec);
    let u = this.usage.get(nodeName);
    if (!u) this.usage.set(nodeName, (u = { pods: new Map(), requested: {}, nonZeroRequested: {} }));
    u.pods.set(uid, pod);
    add(u.requested, req, 1);
    add(u.nonZeroRequested, nonZeroRequests(req), 1);
    this.counted.set(uid, { nodeName, req });
    this.infos.delete(nodeName);
  }

  /** AssumePod: count `pod` (spec.nodeName set) on its node before its binding is written. */
  assumePod(pod: SchedulerPod): void {
    this.updatePod(pod);
    this.assumed.add(uidOf(pod));
  }

  isAssumed(pod: SchedulerPod): boolean {
    return this.assumed.has(uidOf(pod));
  }

  /** ForgetPod: the binding failed; the pod no longer counts. */
  forgetPod(pod: SchedulerPod): void {
    if (!this.assumed.delete(uidOf(pod))) return;
    this.removePod(pod);
  }

  removePod(pod: SchedulerPod): void {
    const uid = uidOf(pod);
    this.assumed.delete(uid);
    const was = this.counted.get(uid);
    if (!was) return;
    this.counted.delete(uid);
    const u = this.usage.get(was.nodeName)!;
    u.pods.delete(uid);
    add(u.requested, was.req, -1);
    add(u.nonZeroRequested, nonZeroRequests(was.req), -1);
    if (u.pods.size === 0) this.usage.delete(was.nodeName);
    this.infos.delete(was.nodeName);
  }

  /** A NodeInfo for each node, sorted by name (what schedulePod filters and scores). Read-only. */
  nodeInfos(): NodeInfo[] {
    const names = [...this.nodes.keys()].sort();
    return names.map((name) => {
      let info = this.infos.get(name);
      if (!info) {
        const node = this.nodes.get(name)!;
        const u = this.usage.get(name);
        info = {
          node, pods: u ? [...u.pods.values()] : [], allocatable: toAmounts(node.status?.allocatable),
          requested: { ...u?.requested }, nonZeroRequested: { ...u?.nonZeroRequested },
        };
        this.infos.set(name, info);
      }
      return info;
    });
  }
}

function uidOf(pod: SchedulerPod): string {
  return pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`;
}

function add(into: ResourceAmounts, more: ResourceAmounts, sign: 1 | -1): void {
  for (const [k, v] of Object.entries(more)) {
    into[k] = (into[k] ?? 0) + sign * v;
    if (into[k] === 0) delete into[k]; // as if summed afresh from the pods left
  }
}
