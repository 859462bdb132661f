/**
 * The Deployment controller (pkg/controller/deployment): a Deployment owns one ReplicaSet per pod
 * template, named <deployment>-<pod-template-hash>. The ReplicaSet whose template equals the
 * Deployment's is the "new" one; a rollout moves replicas from the old ones to it:
 *  - RollingUpdate (rolling.go): scale the new one up while the total stays within
 *    replicas + maxSurge, scale old ones down while at least replicas − maxUnavailable stay available;
 *  - Recreate (recreate.go): scale every old one to 0, wait for their pods to go, then scale up.
 * The status (sync.go, progress.go) carries what `kubectl rollout status` reads: observedGeneration,
 * updatedReplicas, availableReplicas and the Progressing / Available conditions.
 */
import type { KubeObject } from '../store';
import { controllerOwnerKeys, splitKey, type Controller, type ControllerContext } from './manager';
import { controllerRef, isControlledBy, podTemplateHash, PodTemplateHashLabel, setCondition, templateWithoutHash } from './pod-template';

type Json = Record<string, any>;

const RevisionAnnotation = 'deployment.kubernetes.io/revision';
const DesiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
const MaxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';

const specOf = (o: KubeObject) => (o.spec ?? {}) as Json;
const statusOf = (o: KubeObject) => (o.status ?? {}) as Json;
const replicasOf = (rs: KubeObject) => (specOf(rs).replicas ?? 0) as number;
const revisionOf = (rs: KubeObject) => Number(rs.metadata.annotations?.[RevisionAnnotation] ?? 0);
const sum = (items: KubeObject[], f: (o: KubeObject) => number) => items.reduce((n, o) => n + f(o), 0);
const byAge = (a: KubeObject, b: KubeObject) => ((a.metadata.creationTimestamp ?? '') < (b.metadata.creationTimestamp ?? '') ? -1 : 1);

/** intstr.GetScaledValueFromIntOrPercent: "25%" of replicas, rounded up (surge) or down (unavailable). */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number(v) || 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** deploymentutil.ResolveFenceposts: maxSurge and maxUnavailable; both 0 would deadlock, so unavailable becomes 1. */
export function resolveFenceposts(d: KubeObject): { maxSurge: number; maxUnavailable: number } {
  const replicas = (specOf(d).replicas ?? 1) as number;
  const ru = (specOf(d).strategy?.rollingUpdate ?? {}) as Json;
  if (specOf(d).strategy?.type === 'Recreate') return { maxSurge: 0, maxUnavailable: 0 };
  const maxSurge = scaledValue(ru.maxSurge ?? '25%', replicas, true);
  let maxUnavailable = scaledValue(ru.maxUnavailable ?? '25%', replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

export function deploymentController(): Controller {
  return {
    name: 'deployment-controller',
    watches: [
      { kind: 'Deployment' },
      { kind: 'ReplicaSet', keys: (e) => controllerOwnerKeys(e.object, 'Deployment') },
    ],
    async reconcile(key, ctx) {
      const { namespace, name } = splitKey(key);
      const d = ctx.api.tryGet('Deployment', namespace, name);
      if (!d || d.metadata.deletionTimestamp) return;
      const all = ctx.api.list('ReplicaSet', { namespace }).items.filter((rs) => isControlledBy(rs, d));
      const wanted = templateWithoutHash(specOf(d).template);
      let newRS = all.find((rs) => templateWithoutHash(specOf(rs).template) === wanted);
      const old = all.filter((rs) => rs !== newRS).sort(byAge);
      if (!specOf(d).paused) {
        newRS = await ensureNewReplicaSet(d, newRS, old, ctx);
        if (specOf(d).strategy?.type === 'Recreate') await rolloutRecreate(d, newRS, old, ctx);
        else await rolloutRolling(d, newRS, old, ctx);
        await cleanupOldReplicaSets(d, old, ctx);
      }
      return syncStatus(d, newRS, ctx);
    },
  };
}

/** getNewReplicaSet: create <name>-<hash> when missing; an old template coming back gets the next revision. */
async function ensureNewReplicaSet(d: KubeObject, newRS: KubeObject | undefined, old: KubeObject[], ctx: ControllerContext): Promise<KubeObject> {
  const revision = String(Math.max(0, ...old.map(revisionOf)) + 1);
  if (newRS) {
    if (revisionOf(newRS) < Number(revision) && old.some((rs) => revisionOf(rs) > revisionOf(newRS!))) {
      newRS.metadata.annotations = { ...newRS.metadata.annotations, [RevisionAnnotation]: revision };
      newRS = (await ctx.api.update(newRS)).object;
    }
    await setDeploymentRevision(d, String(revisionOf(newRS)), ctx);
    return newRS;
  }
  const hash = podTemplateHash(specOf(d).template, statusOf(d).collisionCount);
  const template = JSON.parse(JSON.stringify(specOf(d).template)) as Json;
  template.metadata ??= {};
  template.metadata.labels = { ...(template.metadata.labels ?? {}), [PodTemplateHashLabel]: hash };
  const selector = JSON.parse(JSON.stringify(specOf(d).selector ?? {})) as Json;
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [PodTemplateHashLabel]: hash };
  const { maxSurge } = resolveFenceposts(d);
  const replicas = (specOf(d).replicas ?? 1) as number;
  const created = (await ctx.api.create({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels: template.metadata.labels,
      annotations: { [DesiredReplicasAnnotation]: String(replicas), [MaxReplicasAnnotation]: String(replicas + maxSurge), [RevisionAnnotation]: revision },
      ownerReferences: [controllerRef(d)],
    },
    spec: { replicas: 0, minReadySeconds: specOf(d).minReadySeconds ?? 0, selector, template },
  })).object;
  await setDeploymentRevision(d, revision, ctx);
  await writeConditions(d, ctx, (c, now) => setCondition(c, 'Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${created.metadata.name}"`, now));
  return created;
}

async function setDeploymentRevision(d: KubeObject, revision: string, ctx: ControllerContext): Promise<void> {
  if (d.metadata.annotations?.[RevisionAnnotation] === revision) return;
  const cur = ctx.api.get('Deployment', d.metadata.namespace, d.metadata.name!);
  cur.metadata.annotations = { ...cur.metadata.annotations, [RevisionAnnotation]: revision };
  await ctx.api.update(cur);
}

async function scaleReplicaSet(d: KubeObject, rs: KubeObject, to: number, ctx: ControllerContext): Promise<void> {
  const from = replicasOf(rs);
  if (from === to) return;
  const cur = ctx.api.get('ReplicaSet', rs.metadata.namespace, rs.metadata.name!);
  const replicas = (specOf(d).replicas ?? 1) as number;
  cur.metadata.annotations = {
    ...cur.metadata.annotations,
    [DesiredReplicasAnnotation]: String(replicas),
    [MaxReplicasAnnotation]: String(replicas + resolveFenceposts(d).maxSurge),
  };
  cur.spec = { ...specOf(cur), replicas: to };
  await ctx.api.update(cur);
  rs.spec = cur.spec;
  await ctx.recordEvent(d, 'Normal', 'ScalingReplicaSet', `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`);
}

/** rolling.go rolloutRolling: reconcileNewReplicaSet, then reconcileOldReplicaSets. */
async function rolloutRolling(d: KubeObject, newRS: KubeObject, old: KubeObject[], ctx: ControllerContext): Promise<void> {
  const replicas = (specOf(d).replicas ?? 1) as number;
  const { maxSurge, maxUnavailable } = resolveFenceposts(d);
  const all = [newRS, ...old];
  // NewRSNewReplicas: never more than replicas + maxSurge pods in total.
  if (replicasOf(newRS) > replicas) await scaleReplicaSet(d, newRS, replicas, ctx);
  else if (replicasOf(newRS) < replicas) {
    const current = sum(all, replicasOf);
    const scaleUp = Math.min(replicas + maxSurge - current, replicas - replicasOf(newRS));
    if (scaleUp > 0) await scaleReplicaSet(d, newRS, replicasOf(newRS) + scaleUp, ctx);
  }
  if (sum(old, replicasOf) === 0) return;
  const minAvailable = replicas - maxUnavailable;
  const newUnavailable = replicasOf(newRS) - (statusOf(newRS).availableReplicas ?? 0);
  let maxScaledDown = sum(all, replicasOf) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return;
  // cleanupUnhealthyReplicas: old pods that are not available go first, oldest ReplicaSet first.
  for (const rs of old) {
    if (maxScaledDown <= 0) break;
    const unhealthy = replicasOf(rs) - (statusOf(rs).availableReplicas ?? 0);
    if (unhealthy <= 0) continue;
    const down = Math.min(maxScaledDown, unhealthy);
    await scaleReplicaSet(d, rs, replicasOf(rs) - down, ctx);
    maxScaledDown -= down;
  }
  // scaleDownOldReplicaSetsForRollingUpdate: keep at least minAvailable available pods.
  const available = sum(all, (rs) => statusOf(rs).availableReplicas ?? 0);
  let toScaleDown = Math.min(available - minAvailable, maxScaledDown);
  for (const rs of old) {
    if (toScaleDown <= 0) break;
    if (replicasOf(rs) === 0) continue;
    const down = Math.min(replicasOf(rs), toScaleDown);
    await scaleReplicaSet(d, rs, replicasOf(rs) - down, ctx);
    toScaleDown -= down;
  }
}

/** recreate.go: old ReplicaSets to 0, wait until none of their pods run, then the new one up. */
async function rolloutRecreate(d: KubeObject, newRS: KubeObject, old: KubeObject[], ctx: ControllerContext): Promise<void> {
  for (const rs of old) await scaleReplicaSet(d, rs, 0, ctx);
  if (old.some((rs) => (statusOf(rs).replicas ?? 0) > 0)) return;
  await scaleReplicaSet(d, newRS, (specOf(d).replicas ?? 1) as number, ctx);
}

/** sync.go cleanupDeployment: keep revisionHistoryLimit old ReplicaSets that are scaled to 0. */
async function cleanupOldReplicaSets(d: KubeObject, old: KubeObject[], ctx: ControllerContext): Promise<void> {
  const limit = (specOf(d).revisionHistoryLimit ?? 10) as number;
  const idle = old.filter((rs) => replicasOf(rs) === 0 && (statusOf(rs).replicas ?? 0) === 0).sort((a, b) => revisionOf(a) - revisionOf(b));
  for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) {
    await ctx.api.delete('ReplicaSet', rs.metadata.namespace, rs.metadata.name!);
  }
}

async function writeConditions(d: KubeObject, ctx: ControllerContext, change: (c: Json[], now: number) => Json[]): Promise<void> {
  const cur = ctx.api.get('Deployment', d.metadata.namespace, d.metadata.name!);
  const st = statusOf(cur);
  await ctx.api.updateStatus({ ...cur, status: { ...st, conditions: change(st.conditions ?? [], ctx.clock.now()) } });
}

/** sync.go calculateStatus + progress.go syncRolloutStatus. */
async function syncStatus(d: KubeObject, newRS: KubeObject | undefined, ctx: ControllerContext): Promise<{ requeueAfter: number } | void> {
  const cur = ctx.api.get('Deployment', d.metadata.namespace, d.metadata.name!);
  const all = ctx.api.list('ReplicaSet', { namespace: cur.metadata.namespace }).items.filter((rs) => isControlledBy(rs, cur));
  const fresh = newRS && all.find((rs) => rs.metadata.uid === newRS.metadata.uid);
  const replicas = (specOf(cur).replicas ?? 1) as number;
  const { maxUnavailable } = resolveFenceposts(cur);
  const now = ctx.clock.now();
  const old = statusOf(cur);
  const counts: Json = {
    observedGeneration: cur.metadata.generation ?? 1,
    replicas: sum(all, (rs) => statusOf(rs).replicas ?? 0),
    updatedReplicas: fresh ? statusOf(fresh).replicas ?? 0 : 0,
    readyReplicas: sum(all, (rs) => statusOf(rs).readyReplicas ?? 0),
    availableReplicas: sum(all, (rs) => statusOf(rs).availableReplicas ?? 0),
  };
  counts.unavailableReplicas = Math.max(0, replicas - counts.availableReplicas);
  for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']) if (!counts[k]) delete counts[k];
  let conditions = (old.conditions ?? []) as Json[];
  conditions = (counts.availableReplicas ?? 0) >= replicas - maxUnavailable
    ? setCondition(conditions, 'Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now)
    : setCondition(conditions, 'Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now);
  const rsName = fresh?.metadata.name ?? '';
  const complete = (counts.updatedReplicas ?? 0) === replicas && (counts.replicas ?? 0) === replicas && (counts.availableReplicas ?? 0) === replicas;
  const progressing = conditions.find((c) => c.type === 'Progressing');
  const moved = ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas'].some((k) => (counts[k] ?? 0) !== (old[k] ?? 0));
  const deadline = (specOf(cur).progressDeadlineSeconds ?? 600) as number;
  let requeueAfter: number | undefined;
  if (specOf(cur).paused) {
    conditions = setCondition(conditions, 'Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', now);
  } else if (complete && fresh) {
    conditions = setCondition(conditions, 'Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`, now);
  } else if (fresh && (moved || !progressing || progressing.reason === 'NewReplicaSetAvailable')) {
    // Any progress refreshes lastUpdateTime, which the deadline counts from.
    conditions = setCondition(conditions.filter((c) => c.type !== 'Progressing' || !moved), 'Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`, now);
    requeueAfter = deadline * 1000;
  } else if (fresh && progressing?.reason !== 'ProgressDeadlineExceeded') {
    const since = Date.parse(progressing?.lastUpdateTime ?? new Date(now).toISOString());
    if (now - since >= deadline * 1000) {
      conditions = setCondition(conditions, 'Progressing', 'False', 'ProgressDeadlineExceeded', `ReplicaSet "${rsName}" has timed out progressing.`, now);
    } else requeueAfter = since + deadline * 1000 - now;
  }
  const status: Json = { ...counts, conditions };
  if (old.collisionCount !== undefined) status.collisionCount = old.collisionCount;
  if (JSON.stringify(status) !== JSON.stringify(old)) await ctx.api.updateStatus({ ...cur, status });
  return requeueAfter !== undefined ? { requeueAfter } : undefined;
}
