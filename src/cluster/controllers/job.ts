/**
 * The Job controller, modelled on kubernetes pkg/controller/job/job_controller.go (1.31+): it
 * creates pods up to parallelism, counts finished pods through the job-tracking finalizer and
 * status.uncountedTerminatedPods, applies the failure backoff, podFailurePolicy, per-index
 * backoff, successPolicy, activeDeadlineSeconds and suspend, and writes the interim condition
 * (FailureTarget / SuccessCriteriaMet) before the terminal one (Failed / Complete), which waits
 * until no pod is left running.
 *
 * The Job's pods come from the shared pod informer's controller-uid index (getPodsForJob), as
 * frozen objects. Upstream guards against a stale informer with ControllerExpectations (do not
 * sync a Job until the pods it just created or deleted have been observed). Here the informer
 * cannot lag behind this controller's own writes (see informer.ts), as long as no create is still
 * in flight when a sync returns: so the slow-start batches wait for every create, even after a
 * failure, before the error is returned.
 */
import { rfc3339 } from '../clock';
import { ControllerUidLabel } from '../kinds/job';
import { deepEqual, matchLabels, selectorFromSpec, type KubeObject, type LabelSelectorSpec } from '../store';
import { controlledBy } from './informer';
import { controllerOwnerKeys, splitKey, type Controller, type ControllerContext, type ReconcileResult } from './manager';
import { remainingBackoff, updateBackoff, type BackoffRecord } from './job-backoff';
import { CompletionIndexAnnotation, formatIndexes, IndexFailureCountAnnotation, parseIndexes, podIndex, podIndexFailureCount } from './job-indexes';
import { matchPodFailurePolicy, type PodFailurePolicyRule } from './job-pod-failure-policy';
import { matchSuccessPolicy, type SuccessPolicyRule } from './job-success-policy';
import { conditions, hasTrue, isFinished, Reasons, setCondition, type JobCondition } from './job-status';

export const JobTrackingFinalizer = 'batch.kubernetes.io/job-tracking';
export const JobCompletionIndexEnv = 'JOB_COMPLETION_INDEX';

interface JobSpec {
  completions?: number;
  parallelism?: number;
  backoffLimit?: number;
  backoffLimitPerIndex?: number;
  maxFailedIndexes?: number;
  activeDeadlineSeconds?: number;
  completionMode?: 'NonIndexed' | 'Indexed';
  suspend?: boolean;
  podReplacementPolicy?: 'TerminatingOrFailed' | 'Failed';
  podFailurePolicy?: { rules?: PodFailurePolicyRule[] };
  successPolicy?: { rules?: SuccessPolicyRule[] };
  selector?: LabelSelectorSpec;
  template: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: Record<string, unknown> };
}

interface JobStatus {
  conditions?: JobCondition[];
  startTime?: string;
  completionTime?: string;
  active?: number;
  ready?: number;
  terminating?: number;
  succeeded?: number;
  failed?: number;
  completedIndexes?: string;
  failedIndexes?: string;
  uncountedTerminatedPods?: { succeeded?: string[]; failed?: string[] };
}

interface PodStatus {
  phase?: string;
  conditions?: Array<{ type: string; status: string }>;
  containerStatuses?: Array<{ restartCount?: number; state?: { terminated?: { finishedAt?: string } } }>;
  initContainerStatuses?: Array<{ restartCount?: number }>;
}

const podStatus = (p: KubeObject): PodStatus => (p.status ?? {}) as PodStatus;
const isTerminal = (p: KubeObject) => podStatus(p).phase === 'Succeeded' || podStatus(p).phase === 'Failed';
const hasFinalizer = (p: KubeObject) => (p.metadata.finalizers ?? []).includes(JobTrackingFinalizer);
const isReady = (p: KubeObject) => (podStatus(p).conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** job_controller.go isPodFailed: a deleted pod counts as failed unless only Failed pods are replaced. */
function isPodFailed(p: KubeObject, onlyReplaceFailed: boolean): boolean {
  if (podStatus(p).phase === 'Failed') return true;
  if (onlyReplaceFailed) return false;
  return !!p.metadata.deletionTimestamp && podStatus(p).phase !== 'Succeeded';
}

/** The pod's finish time: its last container's finishedAt, else now (getFinishedTime). */
function finishTime(p: KubeObject, now: number): number {
  const times = (podStatus(p).containerStatuses ?? []).map((c) => Date.parse(c.state?.terminated?.finishedAt ?? '')).filter((t) => Number.isFinite(t));
  return times.length ? Math.max(...times) : now;
}

/** Per-Job memory the controller keeps between syncs, as upstream's backoffRecordStore does. */
interface JobMemory {
  backoff: BackoffRecord;
  /** Per index (backoffLimitPerIndex): counted failures and the last failure time. */
  indexFailures: Map<number, { count: number; last: number }>;
  ignored: Set<string>;
}

export interface JobControllerOptions {
  /** Parallel syncs (kube-controller-manager --concurrent-job-syncs, default 5). */
  workers?: number;
}

export function jobController(opts: JobControllerOptions = {}): Controller {
  const memory = new Map<string, JobMemory & { uid: string }>();
  return {
    name: 'job-controller',
    workers: opts.workers ?? 5,
    watches: [
      { kind: 'Job' },
      { kind: 'Pod', keys: (e) => controllerOwnerKeys(e.object, 'Job') },
    ],
    async reconcile(key, ctx) {
      const { namespace, name } = splitKey(key);
      const job = ctx.api.tryGet('Job', namespace, name);
      if (!job) {
        memory.delete(key);
        // job_controller.go syncOrphanPod: a pod whose Job is gone keeps no tracking finalizer,
        // or it could never be deleted.
        const orphans = ctx.informers.pods.list(namespace).filter(
          (p) => hasFinalizer(p) && (p.metadata.ownerReferences ?? []).some((r) => r.controller && r.kind === 'Job' && r.name === name),
        );
        for (const p of orphans) await ctx.api.removeFinalizer('Pod', namespace, p.metadata.name!, JobTrackingFinalizer);
        return;
      }
      const uid = job.metadata.uid!;
      let mem = memory.get(key);
      if (!mem || mem.uid !== uid) memory.set(key, (mem = { uid, backoff: { failuresAfterLastSuccess: 0 }, indexFailures: new Map(), ignored: new Set() }));
      return syncJob(job, mem, ctx);
    },
  };
}

async function deletePod(ctx: ControllerContext, job: KubeObject, p: KubeObject): Promise<void> {
  try {
    await ctx.api.delete('Pod', p.metadata.namespace, p.metadata.name!, {});
  } catch (e) {
    if ((e as { reason?: string }).reason !== 'NotFound') throw e;
  }
  await ctx.recordEvent(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
}

async function syncJob(job: KubeObject, mem: JobMemory, ctx: ControllerContext): Promise<ReconcileResult> {
  const ns = job.metadata.namespace!;
  const name = job.metadata.name!;
  const spec = job.spec as JobSpec;
  const now = ctx.clock.now();
  const indexed = spec.completionMode === 'Indexed';
  const completions = spec.completions;
  const perIndex = indexed && spec.backoffLimitPerIndex !== undefined;
  const onlyReplaceFailed = spec.podReplacementPolicy === 'Failed';
  // getPodsForJob: the pods this Job controls that still match its selector (read-only, shared).
  const selector = selectorFromSpec(spec.selector);
  const pods = controlledBy(ctx.informers.pods, job).filter((p) => matchLabels(selector, p.metadata.labels));

  // A Job being deleted lets go of its pods (the garbage collector deletes them).
  if (job.metadata.deletionTimestamp) {
    for (const p of pods) if (hasFinalizer(p)) await ctx.api.removeFinalizer('Pod', ns, p.metadata.name!, JobTrackingFinalizer);
    return;
  }

  const status = structuredClone((job.status ?? {}) as JobStatus);
  const uncounted = { succeeded: [...(status.uncountedTerminatedPods?.succeeded ?? [])], failed: [...(status.uncountedTerminatedPods?.failed ?? [])] };
  const alreadyUncounted = new Set([...uncounted.succeeded, ...uncounted.failed]);
  const finishedNow = isFinished(job);
  let failureTarget: { reason: string; message: string } | undefined;

  // 1. Terminated pods that still carry the finalizer: decide how each counts (trackJobStatusAndRemoveFinalizers).
  const toFinalize: KubeObject[] = [];
  const backoffEvents: Array<{ failed: boolean; at: number }> = [];
  const newlyFailedIndexes = new Set<number>();
  for (const p of pods) {
    if (!hasFinalizer(p)) continue;
    const puid = p.metadata.uid!;
    if (podStatus(p).phase === 'Succeeded') {
      toFinalize.push(p);
      if (!alreadyUncounted.has(puid)) uncounted.succeeded.push(puid);
      backoffEvents.push({ failed: false, at: finishTime(p, now) });
    } else if (isPodFailed(p, onlyReplaceFailed)) {
      toFinalize.push(p);
      if (alreadyUncounted.has(puid) || mem.ignored.has(puid)) continue;
      // Pods deleted because the Job was suspended are not failures (job_controller.go: suspended Jobs).
      if (spec.suspend && podStatus(p).phase !== 'Failed') { mem.ignored.add(puid); continue; }
      const match = podStatus(p).phase === 'Failed' ? matchPodFailurePolicy(spec.podFailurePolicy?.rules, p) : undefined;
      if (match?.action === 'Ignore') { mem.ignored.add(puid); continue; }
      if (match?.action === 'FailJob' && !failureTarget) failureTarget = { reason: 'PodFailurePolicy', message: match.message };
      uncounted.failed.push(puid);
      const at = finishTime(p, now);
      backoffEvents.push({ failed: true, at });
      const idx = podIndex(p);
      if (perIndex && idx !== undefined) {
        const count = podIndexFailureCount(p) + 1;
        const prev = mem.indexFailures.get(idx);
        mem.indexFailures.set(idx, { count: Math.max(count, prev?.count ?? 0), last: Math.max(at, prev?.last ?? 0) });
        if (match?.action === 'FailIndex' || count > spec.backoffLimitPerIndex!) newlyFailedIndexes.add(idx);
      }
    }
  }
  mem.backoff = updateBackoff(mem.backoff, backoffEvents);

  let fresh = job;
  if (toFinalize.length) {
    // Step 1 of finalizer tracking: record the uids before the finalizers go, so a crash cannot lose a count.
    if (uncounted.succeeded.length + uncounted.failed.length > alreadyUncounted.size) {
      fresh = await ctx.api.updateStatus({ ...fresh, status: { ...status, uncountedTerminatedPods: uncounted } });
    }
    // removeTrackingFinalizerFromPods: one patch per pod, all at once; every one settles before an error is thrown.
    const removed = await Promise.allSettled(toFinalize.map((p) => ctx.api.removeFinalizer('Pod', ns, p.metadata.name!, JobTrackingFinalizer)));
    for (const r of removed) if (r.status === 'rejected') throw r.reason;
  }
  const finalized = new Set(toFinalize.map((p) => p.metadata.uid));

  // 2. Move the uncounted pods into the counters.
  const byUid = new Map(pods.map((p) => [p.metadata.uid!, p]));
  status.succeeded = (status.succeeded ?? 0) + uncounted.succeeded.length;
  status.failed = (status.failed ?? 0) + uncounted.failed.length;
  const completed = indexed ? parseIndexes(status.completedIndexes, completions) : new Set<number>();
  if (indexed) {
    for (const u of uncounted.succeeded) {
      const p = byUid.get(u);
      const i = p ? podIndex(p) : undefined;
      if (i !== undefined && i < (completions ?? 0)) completed.add(i);
    }
    status.completedIndexes = formatIndexes(completed);
  }
  const failedIdx = perIndex ? parseIndexes(status.failedIndexes, completions) : new Set<number>();
  for (const i of newlyFailedIndexes) if (!completed.has(i)) failedIdx.add(i);
  if (perIndex) status.failedIndexes = formatIndexes(failedIdx);
  status.uncountedTerminatedPods = {};

  // A deleted pod whose finalizer just went is gone from the store.
  const live = pods.filter((p) => !(finalized.has(p.metadata.uid) && p.metadata.deletionTimestamp));
  let active = live.filter((p) => !p.metadata.deletionTimestamp && !isTerminal(p));
  const terminating = live.filter((p) => p.metadata.deletionTimestamp && !isTerminal(p));
  let conds = conditions(fresh);
  let requeue: number | undefined;
  const soonest = (ms: number) => { requeue = requeue === undefined ? ms : Math.min(requeue, ms); };

  if (!finishedNow) {
    // 3. Failure and success criteria, in upstream's order.
    const interim = hasTrue(fresh, 'FailureTarget') ?? hasTrue(fresh, 'SuccessCriteriaMet');
    let target: { type: 'FailureTarget' | 'SuccessCriteriaMet'; reason: string; message: string } | undefined =
      interim ? { type: interim.type as 'FailureTarget' | 'SuccessCriteriaMet', reason: interim.reason ?? '', message: interim.message ?? '' } : undefined;
    const backoffLimit = spec.backoffLimit ?? 6;
    const deadlineAt = status.startTime && spec.activeDeadlineSeconds !== undefined && !spec.suspend
      ? Date.parse(status.startTime) + spec.activeDeadlineSeconds * 1000 : undefined;
    if (!target) {
      // pastBackoffLimitOnFailure: restarts of pending/running pods' containers.
      let restarts = 0;
      if (spec.template.spec.restartPolicy === 'OnFailure') {
        for (const p of active) for (const c of [...(podStatus(p).initContainerStatuses ?? []), ...(podStatus(p).containerStatuses ?? [])]) restarts += c.restartCount ?? 0;
      }
      const pastOnFailure = spec.template.spec.restartPolicy === 'OnFailure' && (backoffLimit === 0 ? restarts > 0 : restarts >= backoffLimit);
      if (failureTarget) target = { type: 'FailureTarget', ...failureTarget };
      // job_controller.go: failed > backoffLimit (the docs say "reaches"; the code needs one more).
      else if ((!perIndex && status.failed > backoffLimit) || pastOnFailure) target = { type: 'FailureTarget', ...Reasons.BackoffLimitExceeded };
      else if (deadlineAt !== undefined && now >= deadlineAt) target = { type: 'FailureTarget', ...Reasons.DeadlineExceeded };
      else if (perIndex && spec.maxFailedIndexes !== undefined && failedIdx.size > spec.maxFailedIndexes) target = { type: 'FailureTarget', ...Reasons.MaxFailedIndexesExceeded };
      else if (deadlineAt !== undefined) soonest(deadlineAt - now);
    }
    if (!target) {
      const policy = indexed ? matchSuccessPolicy(spec.successPolicy?.rules, completions ?? 0, completed) : undefined;
      const complete = completions === undefined
        ? status.succeeded > 0 && active.length === 0
        : indexed ? completed.size >= completions : status.succeeded >= completions;
      if (policy) target = { type: 'SuccessCriteriaMet', reason: 'SuccessPolicy', message: policy.message };
      else if (perIndex && failedIdx.size > 0 && completed.size + failedIdx.size >= (completions ?? 0)) target = { type: 'FailureTarget', ...Reasons.FailedIndexes };
      else if (complete) target = { type: 'SuccessCriteriaMet', ...Reasons.CompletionsReached };
    }

    if (target) {
      conds = setCondition(conds, target.type, 'True', target.reason, target.message, now);
      // The Job is decided: no pod of it may keep running.
      for (const p of active) await deletePod(ctx, fresh, p);
      const left = active.length + terminating.length;
      active = [];
      if (left === 0) {
        const terminal = target.type === 'FailureTarget' ? 'Failed' : 'Complete';
        conds = setCondition(conds, terminal, 'True', target.reason, target.message, now);
        if (terminal === 'Complete') {
          status.completionTime = rfc3339(now);
          await ctx.recordEvent(fresh, 'Normal', 'Completed', 'Job completed');
        } else {
          await ctx.recordEvent(fresh, 'Warning', target.reason, target.message);
        }
      }
    } else if (spec.suspend) {
      for (const p of active) await deletePod(ctx, fresh, p);
      active = [];
      if (!hasTrue(fresh, 'Suspended')) {
        conds = setCondition(conds, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now);
        await ctx.recordEvent(fresh, 'Normal', 'Suspended', 'Job suspended');
      }
      delete status.startTime;
    } else {
      if (hasTrue(fresh, 'Suspended')) {
        conds = setCondition(conds, 'Suspended', 'False', 'JobResumed', 'Job resumed', now);
        await ctx.recordEvent(fresh, 'Normal', 'Resumed', 'Job resumed');
        status.startTime = rfc3339(now);
        if (spec.activeDeadlineSeconds !== undefined) soonest(spec.activeDeadlineSeconds * 1000);
      }
      if (!status.startTime) {
        status.startTime = rfc3339(now);
        if (spec.activeDeadlineSeconds !== undefined) soonest(spec.activeDeadlineSeconds * 1000);
      }
      active = await manageJob(fresh, spec, status, mem, active, terminating.length, completed, failedIdx, ctx, soonest);
    }
  } else {
    active = [];
  }

  status.conditions = conds.length ? conds : undefined;
  status.active = active.length;
  status.ready = active.filter(isReady).length;
  status.terminating = terminating.length;
  // batch/v1 JobStatus: active, succeeded and failed are omitempty; ready and terminating are pointers (0 shown).
  for (const f of ['active', 'succeeded', 'failed'] as const) if (status[f] === 0) delete status[f];
  const next = JSON.parse(JSON.stringify(status)) as JobStatus;
  if (!deepEqual(next, fresh.status ?? {})) await ctx.api.updateStatus({ ...fresh, status: next });
  return requeue !== undefined ? { requeueAfter: Math.max(1, requeue) } : undefined;
}

/** manageJob: creates pods up to parallelism (slow-start batches) or deletes the excess. */
async function manageJob(
  job: KubeObject, spec: JobSpec, status: JobStatus, mem: JobMemory, active: KubeObject[], terminating: number,
  completed: Set<number>, failedIdx: Set<number>, ctx: ControllerContext, soonest: (ms: number) => void,
): Promise<KubeObject[]> {
  const now = ctx.clock.now();
  const parallelism = spec.parallelism ?? 1;
  const indexed = spec.completionMode === 'Indexed';
  const succeeded = status.succeeded ?? 0;
  let wantActive: number;
  if (spec.completions === undefined) {
    // Work queue: once one pod has succeeded, no new pods (the rest finish on their own).
    wantActive = succeeded > 0 ? active.length : parallelism;
  } else {
    const remaining = indexed ? spec.completions - completed.size - failedIdx.size : spec.completions - succeeded;
    wantActive = Math.max(0, Math.min(remaining, parallelism));
  }
  // podReplacementPolicy Failed: wait until terminating pods are gone before replacing them.
  let diff = wantActive - active.length - (spec.podReplacementPolicy === 'Failed' ? terminating : 0);
  if (diff < 0) {
    // Parallelism went down: delete the newest pods first.
    const excess = [...active].sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '')).slice(0, -diff);
    for (const p of excess) await deletePod(ctx, job, p);
    const gone = new Set(excess);
    return active.filter((p) => !gone.has(p));
  }
  if (diff === 0) return active;

  let indexes: Array<number | undefined>;
  if (indexed) {
    const busy = new Set(active.map(podIndex));
    indexes = [];
    for (let i = 0; i < spec.completions! && indexes.length < diff; i++) {
      if (completed.has(i) || failedIdx.has(i) || busy.has(i)) continue;
      if (spec.backoffLimitPerIndex !== undefined) {
        // Per-index backoff (getRemainingTimePerIndex): each index waits on its own failures.
        const f = mem.indexFailures.get(i);
        const left = f ? remainingBackoff({ failuresAfterLastSuccess: f.count, lastFailureTime: f.last }, now) : 0;
        if (left > 0) { soonest(left); continue; }
      }
      indexes.push(i);
    }
    diff = indexes.length;
  } else {
    indexes = Array.from({ length: diff }, () => undefined);
  }
  if (!indexes.length) return active;
  if (!(indexed && spec.backoffLimitPerIndex !== undefined)) {
    const left = remainingBackoff(mem.backoff, now);
    if (left > 0) {
      soonest(left);
      return active;
    }
  }
  // Slow start (controller_utils.go slowStartInitialBatchSize = 1, doubling each batch). Every
  // create of a batch settles before an error is thrown, so none is in flight when the sync ends.
  const created: KubeObject[] = [];
  for (let batch = 1, pos = 0; pos < indexes.length; pos += batch, batch *= 2) {
    const slice = indexes.slice(pos, pos + batch);
    const results = await Promise.allSettled(slice.map((i) => createPod(job, spec, mem, i, ctx)));
    for (const r of results) if (r.status === 'rejected') throw r.reason;
    created.push(...results.map((r) => (r as PromiseFulfilledResult<KubeObject>).value));
  }
  return [...active, ...created];
}

async function createPod(job: KubeObject, spec: JobSpec, mem: JobMemory, index: number | undefined, ctx: ControllerContext): Promise<KubeObject> {
  const name = job.metadata.name!;
  const tpl = structuredClone(spec.template);
  const labels = { ...(tpl.metadata?.labels ?? {}) };
  const annotations = { ...(tpl.metadata?.annotations ?? {}) };
  const podSpec = tpl.spec as { hostname?: string; containers?: Array<{ env?: unknown[] }>; initContainers?: Array<{ env?: unknown[] }> };
  if (index !== undefined) {
    // indexed_job_utils.go addCompletionIndexEnvVariables / addCompletionIndexAnnotation / hostname.
    annotations[CompletionIndexAnnotation] = String(index);
    labels[CompletionIndexAnnotation] = String(index);
    podSpec.hostname ??= `${name}-${index}`;
    const env = { name: JobCompletionIndexEnv, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${CompletionIndexAnnotation}']` } } };
    for (const c of [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? [])]) {
      if (!(c.env ?? []).some((e) => (e as { name?: string }).name === JobCompletionIndexEnv)) c.env = [...(c.env ?? []), env];
    }
    if (spec.backoffLimitPerIndex !== undefined) annotations[IndexFailureCountAnnotation] = String(mem.indexFailures.get(index)?.count ?? 0);
  }
  labels[ControllerUidLabel] ??= job.metadata.uid!;
  const pod: KubeObject = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      generateName: index !== undefined ? `${name}-${index}-` : `${name}-`,
      namespace: job.metadata.namespace,
      labels, annotations,
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name, uid: job.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      finalizers: [JobTrackingFinalizer],
    },
    spec: podSpec,
  };
  if (!Object.keys(annotations).length) delete pod.metadata.annotations;
  const created = (await ctx.api.create(pod)).object;
  // The recorder does not hold up the sync (client-go sends events in the background).
  ctx.go(() => ctx.recordEvent(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`));
  return created;
}
