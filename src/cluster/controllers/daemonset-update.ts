/**
 * The DaemonSet rolling update (pkg/controller/daemon/update.go rollingUpdate): after a template
 * change, old pods are replaced node by node. With maxSurge 0 (the default) an old pod is deleted
 * first and the manage loop creates the new one, at most maxUnavailable nodes at a time; with
 * maxSurge > 0 the new pod starts next to the old one, which goes once the new one is available.
 */
import type { KubeObject } from '../store';
import { daemonSetRollingUpdate } from '../kinds/daemonset';
import { scaledValue } from './deployment';
import { ControllerRevisionHashLabel, nodeShouldRunDaemonPod } from './daemonset-pods';
import { isPodAvailable } from './pod-template';

type Json = Record<string, any>;

/** util.IsPodUpdated: the pod carries the current template hash. */
export const isPodUpdated = (pod: KubeObject, hash: string): boolean => pod.metadata.labels?.[ControllerRevisionHashLabel] === hash;

/** findUpdatedPodsOnNode: at most one new and one old live pod on a node; more is not ok (manage cleans up first). */
function findUpdatedPodsOnNode(pods: KubeObject[], hash: string): { newPod?: KubeObject; oldPod?: KubeObject; ok: boolean } {
  let newPod: KubeObject | undefined;
  let oldPod: KubeObject | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    if (isPodUpdated(pod, hash)) {
      if (newPod) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod) return { ok: false };
      oldPod = pod;
    }
  }
  return { newPod, oldPod, ok: true };
}

/** util.SurgeCount / UnavailableCount, rounded up, and updatedDesiredNodeCounts' "both 0 means unavailable 1". */
export function rollingBudget(ds: KubeObject, desired: number): { maxSurge: number; maxUnavailable: number } {
  const ru = daemonSetRollingUpdate(ds);
  if (!ru) return { maxSurge: 0, maxUnavailable: 0 };
  const maxSurge = scaledValue(ru.maxSurge, desired, true);
  let maxUnavailable = scaledValue(ru.maxUnavailable, desired, true);
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

export interface RollingStep {
  podsToDelete: string[];
  nodesToCreate: string[];
}

/** One pass of rollingUpdate over node → daemon pods (nodes that should run and have none are included, empty). */
export function rollingUpdate(ds: KubeObject, nodes: KubeObject[], nodeToPods: Map<string, KubeObject[]>, hash: string, now: number): RollingStep {
  const minReady = ((ds.spec as Json).minReadySeconds ?? 0) as number;
  const byNode = new Map(nodeToPods);
  let desired = 0;
  for (const node of nodes) {
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) continue;
    desired++;
    if (!byNode.has(node.metadata.name!)) byNode.set(node.metadata.name!, []);
  }
  const { maxSurge, maxUnavailable } = rollingBudget(ds, desired);
  const available = (p: KubeObject) => isPodAvailable(p, minReady, now);

  if (maxSurge === 0) {
    let numUnavailable = 0;
    const allowedReplacements: string[] = [];
    const candidates: string[] = [];
    for (const pods of byNode.values()) {
      const { newPod, oldPod, ok } = findUpdatedPodsOnNode(pods, hash);
      if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++; // the manage loop creates or deletes here
      else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (!available(oldPod!)) allowedReplacements.push(oldPod!.metadata.name!); // not serving anyway: replace now
      else if (numUnavailable < maxUnavailable) candidates.push(oldPod!.metadata.name!);
    }
    const remaining = Math.min(Math.max(maxUnavailable - numUnavailable, 0), candidates.length);
    return { podsToDelete: [...allowedReplacements, ...candidates.slice(0, remaining)], nodesToCreate: [] };
  }

  let numSurge = 0;
  const allowedNewNodes: string[] = [];
  const candidateNewNodes: string[] = [];
  const podsToDelete: string[] = [];
  const nodeByName = new Map(nodes.map((n) => [n.metadata.name!, n]));
  for (const [nodeName, pods] of byNode) {
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(pods, hash);
    if (!ok) {
      numSurge++;
      continue;
    }
    if (!oldPod) continue; // nothing to update here; the manage loop handles it
    if (!newPod) {
      if (!available(oldPod)) {
        const node = nodeByName.get(nodeName);
        if (node && nodeShouldRunDaemonPod(node, ds).shouldRun) allowedNewNodes.push(nodeName);
      } else if (numSurge < maxSurge) candidateNewNodes.push(nodeName);
    } else if (!available(newPod)) numSurge++; // surged here already; wait for the new pod
    else podsToDelete.push(oldPod.metadata.name!); // the new pod is available: the old one goes
  }
  const remaining = Math.min(Math.max(maxSurge - numSurge, 0), candidateNewNodes.length);
  return { podsToDelete, nodesToCreate: [...allowedNewNodes, ...candidateNewNodes.slice(0, remaining)] };
}
