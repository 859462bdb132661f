/**
 * The DaemonSet controller, modelled on pkg/controller/daemon/daemon_controller.go: one pod per
 * eligible node. On each sync it groups the DaemonSet's pods by node, and for every node decides
 * (podsShouldBeOnNode) whether a pod must be created, kept, or deleted: a node is eligible when the
 * template's nodeSelector and required node affinity match it and its NoSchedule/NoExecute taints
 * are tolerated (the daemon tolerations of util.AddOrUpdateDaemonPodTolerations are added to every
 * pod). Then it rolls out a changed template (update.go, daemonset-update.ts) and writes the status
 * counters that `kubectl get ds` shows.
 *
 * Placement: as upstream since 1.12 (ScheduleDaemonSetPods, GA in 1.17), the controller does not
 * set spec.nodeName. It pins each pod to its node with a required node affinity (matchFields
 * metadata.name In [node], util.ReplaceDaemonSetPodNodeNameNodeAffinity) and the default scheduler
 * binds it, so resources and `FailedScheduling` work as for any other pod.
 *
 * Reads pods and nodes from the shared informers (informer.ts), never by listing the store.
 *
 * Not modelled: ControllerRevision objects (the kit labels pods with a hash of the template
 * instead, so `kubectl rollout history|undo ds` has nothing to show) and the deprecated
 * pod-template-generation label; orphan adoption.
 */
import type { KubeObject } from '../store';
import { byCreationTimestampAndPhase, daemonPodTemplate, nodeShouldRunDaemonPod, pinToNode, targetNodeName } from './daemonset-pods';
import { isPodUpdated, rollingBudget, rollingUpdate } from './daemonset-update';
import { controllerOwnerKeys, keyOf, splitKey, type Controller, type ControllerContext } from './manager';
import { controlledBy } from './informer';
import { isPodAvailable, isPodReady, podFromTemplate, podTemplateHash } from './pod-template';

type Json = Record<string, any>;

/** daemon_controller.go BurstReplicas, and controller_utils.go SlowStartInitialBatchSize. */
const BURST_REPLICAS = 250;
const SLOW_START_INITIAL_BATCH = 1;
/** failedPodsBackoff = flowcontrol.NewBackOff(1s, 15min): deleting failed pods on a node slows down. */
const FAILED_POD_BACKOFF_INITIAL_MS = 1_000;
const FAILED_POD_BACKOFF_MAX_MS = 15 * 60_000;
/** A Node event may change where every DaemonSet should run: re-sync them all. */
const SYNC_ALL = '~all-daemonsets';

interface Backoff {
  delay: number;
  lastUpdate: number;
}

export function daemonSetController(): Controller {
  const failedPodsBackoff = new Map<string, Backoff>();
  return {
    name: 'daemonset-controller',
    watches: [
      { kind: 'DaemonSet' },
      { kind: 'Pod', keys: (e) => controllerOwnerKeys(e.object, 'DaemonSet') },
      { kind: 'Node', keys: () => [SYNC_ALL] },
    ],
    async reconcile(key, ctx) {
      if (key === SYNC_ALL) {
        for (const ds of ctx.informers.informer('DaemonSet').list()) ctx.enqueue(keyOf(ds));
        return;
      }
      const { namespace, name } = splitKey(key);
      const ds = ctx.api.tryGet('DaemonSet', namespace, name);
      // A DaemonSet being deleted: the garbage collector takes its pods; status is not trusted (syncDaemonSet).
      if (!ds || ds.metadata.deletionTimestamp) return;
      return syncDaemonSet(ds, ctx, failedPodsBackoff);
    },
  };
}

/**
 * The DaemonSet's pods grouped by the node they run on or are pinned to (getNodesToDaemonPods),
 * from the shared pod informer's controller-uid index: shared, frozen objects, read only.
 */
function nodesToDaemonPods(ds: KubeObject, ctx: ControllerContext): Map<string, KubeObject[]> {
  const out = new Map<string, KubeObject[]>();
  for (const pod of controlledBy(ctx.informers.pods, ds)) {
    const node = targetNodeName(pod);
    if (node === undefined) continue;
    out.set(node, [...(out.get(node) ?? []), pod]);
  }
  return out;
}

async function syncDaemonSet(ds: KubeObject, ctx: ControllerContext, failedPodsBackoff: Map<string, Backoff>): Promise<{ requeueAfter: number } | void> {
  const spec = ds.spec as Json;
  const hash = podTemplateHash(spec.template, (ds.status as Json | undefined)?.collisionCount);
  const nodes = ctx.informers.informer('Node').list();
  const now = ctx.clock.now();
  let requeueAfter: number | undefined;
  const soonest = (ms: number) => (requeueAfter = Math.min(requeueAfter ?? ms, ms));

  // manage: per node, what to create and what to delete.
  const byNode = nodesToDaemonPods(ds, ctx);
  const nodesNeedingPods: string[] = [];
  const podsToDelete: string[] = [];
  for (const node of nodes) {
    const nodeName = node.metadata.name!;
    const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
    const pods = byNode.get(nodeName) ?? [];
    if (shouldRun && pods.length === 0) nodesNeedingPods.push(nodeName);
    else if (shouldContinueRunning) {
      const running: KubeObject[] = [];
      for (const pod of pods) {
        if (pod.metadata.deletionTimestamp) continue;
        const phase = (pod.status as Json | undefined)?.phase;
        if (phase === 'Failed') {
          // A daemon must not fight a kubelet that keeps rejecting it: back off per node.
          const bkey = `${ds.metadata.uid}/${(ds.status as Json | undefined)?.observedGeneration ?? 0}/${nodeName}`;
          const b = failedPodsBackoff.get(bkey);
          if (b && now - b.lastUpdate < b.delay) {
            soonest(b.delay - (now - b.lastUpdate));
            continue;
          }
          failedPodsBackoff.set(bkey, { delay: b ? Math.min(2 * b.delay, FAILED_POD_BACKOFF_MAX_MS) : FAILED_POD_BACKOFF_INITIAL_MS, lastUpdate: now });
          await ctx.recordEvent(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${nodeName}, will try to kill it`);
          podsToDelete.push(pod.metadata.name!);
        } else if (phase === 'Succeeded') {
          await ctx.recordEvent(ds, 'Normal', 'SucceededDaemonPod', `Found succeeded daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${nodeName}, will try to delete it`);
          podsToDelete.push(pod.metadata.name!);
        } else running.push(pod);
      }
      running.sort(byCreationTimestampAndPhase);
      if (rollingBudget(ds, 1).maxSurge === 0) {
        // One daemon per node: keep the oldest.
        podsToDelete.push(...running.slice(1).map((p) => p.metadata.name!));
      } else if (running.length === 0 && shouldRun) nodesNeedingPods.push(nodeName);
      else if (running.length > 1) podsToDelete.push(...surgeExcess(ds, running, hash, now));
    } else {
      // Not supposed to run here (selector changed, an untolerated NoExecute taint): delete them all.
      podsToDelete.push(...pods.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name!));
    }
  }
  // getUnscheduledPodsWithoutNode: pods pinned to a node that is gone would never be scheduled.
  const nodeNames = new Set(nodes.map((n) => n.metadata.name!));
  for (const [nodeName, pods] of byNode) {
    if (!nodeNames.has(nodeName)) podsToDelete.push(...pods.filter((p) => !(p.spec as Json)?.nodeName && !p.metadata.deletionTimestamp).map((p) => p.metadata.name!));
  }
  await syncNodes(ds, podsToDelete, nodesNeedingPods, hash, ctx);

  if (spec.updateStrategy?.type === 'RollingUpdate') {
    const step = rollingUpdate(ds, nodes, nodesToDaemonPods(ds, ctx), hash, ctx.clock.now());
    await syncNodes(ds, step.podsToDelete, step.nodesToCreate, hash, ctx);
  }
  const minReadyWait = await updateStatus(ds, nodes, hash, ctx);
  if (minReadyWait) soonest(minReadyWait);
  if (requeueAfter !== undefined) return { requeueAfter };
}

/** With surge: keep the oldest new pod and the oldest old one while the new one is not yet available. */
function surgeExcess(ds: KubeObject, running: KubeObject[], hash: string, now: number): string[] {
  const out: string[] = [];
  let oldestNew: KubeObject | undefined;
  let oldestOld: KubeObject | undefined;
  for (const pod of running) {
    if (isPodUpdated(pod, hash) && !oldestNew) oldestNew = pod;
    else if (!isPodUpdated(pod, hash) && !oldestOld) oldestOld = pod;
    else out.push(pod.metadata.name!);
  }
  if (oldestNew && oldestOld && (!isPodReady(oldestOld) || isPodAvailable(oldestNew, ((ds.spec as Json).minReadySeconds ?? 0) as number, now))) {
    out.push(oldestOld.metadata.name!);
  }
  return out;
}

/** syncNodes: create pods pinned to nodes in slow-start batches (1, 2, 4, …), then delete pods. */
async function syncNodes(ds: KubeObject, podsToDelete: string[], nodesNeedingPods: string[], hash: string, ctx: ControllerContext): Promise<void> {
  const template = daemonPodTemplate(ds, hash);
  const create = nodesNeedingPods.slice(0, BURST_REPLICAS);
  for (let pos = 0, batch = Math.min(create.length, SLOW_START_INITIAL_BATCH); pos < create.length; pos += batch, batch = Math.min(2 * batch, create.length - pos)) {
    const results = await Promise.allSettled(create.slice(pos, pos + batch).map((nodeName) => {
      const pod = podFromTemplate(template, ds);
      pinToNode(pod.spec as Json, nodeName);
      return ctx.api.create(pod);
    }));
    for (const r of results) {
      if (r.status === 'fulfilled') await ctx.recordEvent(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${r.value.object.metadata.name}`);
      else await ctx.recordEvent(ds, 'Warning', 'FailedCreate', `Error creating: ${(r.reason as Error).message}`);
    }
    if (results.some((r) => r.status === 'rejected')) break; // slow-start failure: the next sync retries
  }
  for (const name of podsToDelete.slice(0, BURST_REPLICAS)) {
    try {
      await ctx.api.delete('Pod', ds.metadata.namespace, name);
      await ctx.recordEvent(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
    } catch (e) {
      if ((e as { reason?: string }).reason !== 'NotFound') await ctx.recordEvent(ds, 'Warning', 'FailedDelete', `Error deleting: ${(e as Error).message}`);
    }
  }
}

/** updateDaemonSetStatus: counts per node; returns the wait until a ready pod becomes available (minReadySeconds). */
async function updateStatus(ds: KubeObject, nodes: KubeObject[], hash: string, ctx: ControllerContext): Promise<number | void> {
  const cur = ctx.api.get('DaemonSet', ds.metadata.namespace, ds.metadata.name!);
  const minReady = ((cur.spec as Json).minReadySeconds ?? 0) as number;
  const now = ctx.clock.now();
  const byNode = nodesToDaemonPods(cur, ctx);
  let desired = 0, current = 0, misscheduled = 0, ready = 0, updated = 0, available = 0;
  for (const node of nodes) {
    const pods = byNode.get(node.metadata.name!) ?? [];
    if (!nodeShouldRunDaemonPod(node, cur).shouldRun) {
      if (pods.length) misscheduled++;
      continue;
    }
    desired++;
    if (!pods.length) continue;
    current++;
    const pod = [...pods].sort(byCreationTimestampAndPhase)[0];
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, now)) available++;
    }
    if (isPodUpdated(pod, hash)) updated++;
  }
  const old = (cur.status ?? {}) as Json;
  // apps/v1 DaemonSetStatus: the first four are always present; the rest are omitempty.
  const status: Json = {
    ...(old.collisionCount !== undefined ? { collisionCount: old.collisionCount } : {}),
    ...(old.conditions ? { conditions: old.conditions } : {}),
    currentNumberScheduled: current,
    desiredNumberScheduled: desired,
    numberMisscheduled: misscheduled,
    numberReady: ready,
    observedGeneration: cur.metadata.generation ?? 1,
  };
  if (updated) status.updatedNumberScheduled = updated;
  if (available) status.numberAvailable = available;
  if (desired - available) status.numberUnavailable = desired - available;
  if (JSON.stringify(status) !== JSON.stringify(old)) await ctx.api.updateStatus({ ...cur, status });
  if (minReady && ready !== available) return minReady * 1000;
}
