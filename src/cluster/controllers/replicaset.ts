/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): keeps `spec.replicas`
 * active pods that match the selector and belong to the ReplicaSet. It creates the missing ones
 * in slow-start batches (1, 2, 4, …), deletes the extra ones starting with the least useful
 * (unscheduled, pending, not ready, newest), adopts matching orphans, and reports the counts
 * in the status. Pods come from the shared pod informer (frozen: a pod is copied before it is
 * changed), by the controller-uid index plus the orphans of the namespace, as upstream's
 * getRSPods does.
 */
import { matchLabels, selectorFromSpec, type LabelSelectorSpec } from '../store/selectors';
import type { KubeObject } from '../store';
import { controlledBy } from './informer';
import { controllerOwnerKeys, splitKey, type Controller, type ControllerContext } from './manager';
import { controllerRef, hasController, isControlledBy, isPodActive, isPodAvailable, isPodReady, podFromTemplate } from './pod-template';

type Json = Record<string, any>;

/** replica_set.go: BurstReplicas, and controller_utils.go SlowStartInitialBatchSize. */
const BURST_REPLICAS = 500;
const SLOW_START_INITIAL_BATCH = 1;

export function replicaSetController(): Controller {
  return {
    name: 'replicaset-controller',
    watches: [
      { kind: 'ReplicaSet' },
      { kind: 'Pod', keys: (e) => controllerOwnerKeys(e.object, 'ReplicaSet') },
    ],
    async reconcile(key, ctx) {
      const { namespace, name } = splitKey(key);
      const rs = ctx.api.tryGet('ReplicaSet', namespace, name);
      if (!rs || rs.metadata.deletionTimestamp) return;
      const pods = await claimPods(rs, ctx);
      const active = pods.filter(isPodActive);
      const want = ((rs.spec as Json).replicas ?? 1) as number;
      const diff = active.length - want;
      if (diff < 0) await createPods(rs, Math.min(-diff, BURST_REPLICAS), ctx);
      else if (diff > 0) await deletePods(rs, podsToDelete(active, Math.min(diff, BURST_REPLICAS)), ctx);
      return updateStatus(rs, ctx);
    },
  };
}

/** ClaimPods: our pods, plus orphans that match the selector (adopted); pods that no longer match are released. */
async function claimPods(rs: KubeObject, ctx: ControllerContext): Promise<KubeObject[]> {
  const selector = selectorFromSpec((rs.spec as Json).selector as LabelSelectorSpec);
  const mine: KubeObject[] = [];
  for (const pod of controlledBy(ctx.informers.pods, rs, { orphans: true })) {
    const matches = matchLabels(selector, pod.metadata.labels);
    if (isControlledBy(pod, rs)) {
      if (matches) mine.push(pod);
      else if (!pod.metadata.deletionTimestamp) {
        const released = structuredClone(pod);
        released.metadata.ownerReferences = (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== rs.metadata.uid);
        await ctx.api.update(released);
      }
    } else if (matches && !hasController(pod) && !pod.metadata.deletionTimestamp) {
      const adopted = structuredClone(pod);
      adopted.metadata.ownerReferences = [...(pod.metadata.ownerReferences ?? []), controllerRef(rs)];
      mine.push((await ctx.api.update(adopted)).object);
    }
  }
  return mine;
}

/** slowStartBatch: create 1, then 2, 4, … pods; stop at the first failure (e.g. a quota or a bad template). */
async function createPods(rs: KubeObject, count: number, ctx: ControllerContext): Promise<void> {
  const template = (rs.spec as Json).template as Json;
  let left = count;
  for (let batch = Math.min(left, SLOW_START_INITIAL_BATCH); batch > 0; batch = Math.min(2 * batch, left)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => ctx.api.create(podFromTemplate(template, rs))));
    for (const r of results) {
      if (r.status === 'fulfilled') await ctx.recordEvent(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${r.value.object.metadata.name}`);
      else await ctx.recordEvent(rs, 'Warning', 'FailedCreate', `Error creating: ${(r.reason as Error).message}`);
    }
    if (results.some((r) => r.status === 'rejected')) return;
    left -= batch;
  }
}

/**
 * getPodsToDelete / ActivePodsWithRanks: the pods to delete first are unassigned, then pending,
 * then not ready, then ready for the shortest time, then restarted the most, then the newest.
 */
function podsToDelete(pods: KubeObject[], count: number): KubeObject[] {
  const phaseRank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
  const readySince = (p: KubeObject) => ((p.status as Json)?.conditions ?? []).find((c: Json) => c.type === 'Ready')?.lastTransitionTime ?? '';
  const restarts = (p: KubeObject) => ((p.status as Json)?.containerStatuses ?? []).reduce((n: number, c: Json) => n + (c.restartCount ?? 0), 0);
  const key = (p: KubeObject): Array<number | string> => [
    (p.spec as Json)?.nodeName ? 1 : 0,
    phaseRank[(p.status as Json)?.phase] ?? 1,
    isPodReady(p) ? 1 : 0,
  ];
  return [...pods].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    if (isPodReady(a) && readySince(a) !== readySince(b)) return readySince(a) > readySince(b) ? -1 : 1;
    if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
    const [ca, cb] = [a.metadata.creationTimestamp ?? '', b.metadata.creationTimestamp ?? ''];
    return ca === cb ? 0 : ca > cb ? -1 : 1;
  }).slice(0, count);
}

async function deletePods(rs: KubeObject, pods: KubeObject[], ctx: ControllerContext): Promise<void> {
  for (const pod of pods) {
    try {
      await ctx.api.delete('Pod', pod.metadata.namespace, pod.metadata.name!);
      await ctx.recordEvent(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
    } catch (e) {
      await ctx.recordEvent(rs, 'Warning', 'FailedDelete', `Error deleting: ${(e as Error).message}`);
    }
  }
}

/** replica_set_utils.go calculateStatus; requeues when a pod will become available after minReadySeconds. */
async function updateStatus(rs: KubeObject, ctx: ControllerContext): Promise<{ requeueAfter: number } | void> {
  const cur = ctx.api.get('ReplicaSet', rs.metadata.namespace, rs.metadata.name!);
  const spec = cur.spec as Json;
  const selector = selectorFromSpec(spec.selector as LabelSelectorSpec);
  const templateLabels = (spec.template?.metadata?.labels ?? {}) as Record<string, string>;
  const active = controlledBy(ctx.informers.pods, cur).filter((p) => matchLabels(selector, p.metadata.labels) && isPodActive(p));
  const minReady = (spec.minReadySeconds ?? 0) as number;
  const now = ctx.clock.now();
  const status: Json = {
    replicas: active.length,
    fullyLabeledReplicas: active.filter((p) => Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v)).length,
    readyReplicas: active.filter(isPodReady).length,
    availableReplicas: active.filter((p) => isPodAvailable(p, minReady, now)).length,
    observedGeneration: cur.metadata.generation ?? 1,
  };
  // The API omits zero counts (omitempty); kubectl shows them as 0.
  for (const k of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas']) if (!status[k]) delete status[k];
  const old = (cur.status ?? {}) as Json;
  if (old.conditions) status.conditions = old.conditions;
  if (JSON.stringify(status) !== JSON.stringify(old)) await ctx.api.updateStatus({ ...cur, status });
  if (minReady && status.readyReplicas !== status.availableReplicas) return { requeueAfter: 1000 };
}
