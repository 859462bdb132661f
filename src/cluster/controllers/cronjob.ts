/**
 * The CronJob controller, modelled on kubernetes pkg/controller/cronjob/cronjob_controllerv2.go
 * and utils.go: on each sync it reconciles status.active with the Jobs it owns, finds the most
 * recent missed schedule time, honours suspend, startingDeadlineSeconds and concurrencyPolicy,
 * creates the Job `<cronjob>-<scheduled unix time / 60>`, trims the finished-Job history and comes
 * back at the next schedule time (all on the virtual clock). Without spec.timeZone the kit reads
 * schedules in UTC (upstream: kube-controller-manager's local zone).
 */
import { rfc3339 } from '../clock';
import type { KubeObject } from '../store';
import { controllerOwnerKeys, splitKey, type Controller, type ControllerContext, type ReconcileResult } from './manager';
import { parseSchedule, rfc3339InZone, type Schedule } from './cronjob-schedule';
import { conditions, isFinished } from './job-status';

export const CronJobScheduledTimestampAnnotation = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** utils.go nextScheduleDelta: wake a little after the schedule time. */
const NextScheduleDeltaMs = 100;

interface ObjectRef { apiVersion?: string; kind?: string; name: string; namespace?: string; uid: string; resourceVersion?: string }
interface CronJobSpec {
  schedule: string;
  timeZone?: string;
  startingDeadlineSeconds?: number;
  concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  suspend?: boolean;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  jobTemplate: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: Record<string, unknown> };
}
interface CronJobStatus { active?: ObjectRef[]; lastScheduleTime?: string; lastSuccessfulTime?: string }

/** Go's time.RFC1123Z, as the MissSchedule event prints the scheduled time. */
function rfc1123z(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

/** utils.go mostRecentScheduleTime: the latest schedule time in (earliest, now], and how many were missed. */
export function mostRecentScheduleTime(schedule: Schedule, earliest: number, now: number): { time?: number; missed: number } {
  const t1 = schedule.next(earliest);
  if (now < t1) return { missed: 0 };
  const t2 = schedule.next(t1);
  if (now < t2) return { time: t1, missed: 1 };
  // Regular schedules: arithmetic, as upstream; then walk forward for irregular ones.
  const between = t2 - t1;
  const missed = Math.floor((now - t1) / between) + 1;
  let time = t1 + (missed - 1) * between;
  if (time > now) time = t1;
  for (let t = schedule.next(time); t <= now; t = schedule.next(t)) time = t;
  return { time, missed };
}

function jobFinishedType(job: KubeObject): string | undefined {
  return conditions(job).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type;
}

export function cronJobController(): Controller {
  return {
    name: 'cronjob-controller',
    watches: [
      { kind: 'CronJob' },
      { kind: 'Job', keys: (e) => controllerOwnerKeys(e.object, 'CronJob') },
    ],
    async reconcile(key, ctx) {
      const { namespace, name } = splitKey(key);
      const cj = ctx.api.tryGet('CronJob', namespace, name);
      if (!cj || cj.metadata.deletionTimestamp) return;
      return syncCronJob(cj, ctx);
    },
  };
}

async function syncCronJob(cj: KubeObject, ctx: ControllerContext): Promise<ReconcileResult> {
  const ns = cj.metadata.namespace!;
  const spec = cj.spec as CronJobSpec;
  const status = structuredClone((cj.status ?? {}) as CronJobStatus);
  const before = JSON.stringify(status);
  const now = ctx.clock.now();
  const jobs = ctx.api.list('Job', { namespace: ns }).items
    .filter((j) => (j.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === cj.metadata.uid));
  let active = status.active ?? [];

  // Reconcile status.active with the Jobs that exist (syncCronJob's first loop).
  const childUids = new Set<string>();
  for (const j of jobs) {
    childUids.add(j.metadata.uid!);
    const found = active.some((r) => r.uid === j.metadata.uid);
    const finishedType = jobFinishedType(j);
    if (!found && !finishedType) {
      await ctx.recordEvent(cj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata.name}`);
    } else if (found && finishedType) {
      active = active.filter((r) => r.uid !== j.metadata.uid);
      await ctx.recordEvent(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${finishedType}`);
    }
    const completion = (j.status as { completionTime?: string } | undefined)?.completionTime;
    if (finishedType === 'Complete' && completion && (!status.lastSuccessfulTime || Date.parse(completion) > Date.parse(status.lastSuccessfulTime))) {
      status.lastSuccessfulTime = completion;
    }
  }
  for (const r of active) {
    if (!childUids.has(r.uid)) await ctx.recordEvent(cj, 'Normal', 'MissingJob', `Active job went missing: ${r.name}`);
  }
  active = active.filter((r) => childUids.has(r.uid));
  status.active = active.length ? active : undefined;

  await cleanupFinishedJobs(cj, spec, jobs, ctx);

  const writeStatus = async () => {
    const next = JSON.parse(JSON.stringify(status));
    if (JSON.stringify(next) !== before) await ctx.api.updateStatus({ ...cj, status: next });
  };
  if (spec.suspend) {
    await writeStatus();
    return;
  }
  let schedule: Schedule;
  try {
    schedule = parseSchedule(spec.schedule, spec.timeZone);
  } catch (e) {
    await ctx.recordEvent(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: "${spec.schedule}" : ${(e as Error).message}`);
    await writeStatus();
    return;
  }
  // a schedule that never comes ("0 0 30 2 *") has no next time: nothing to wake for.
  const wakeAt = (ms: number) => (Number.isFinite(schedule.next(ms)) ? { requeueAfter: Math.max(1, schedule.next(ms) - now + NextScheduleDeltaMs) } : undefined);

  const earliest = Date.parse(status.lastScheduleTime ?? cj.metadata.creationTimestamp ?? rfc3339(now));
  const { time: scheduled, missed } = mostRecentScheduleTime(schedule, earliest, now);
  // utils.go: more than 100 missed start times is reported, and the most recent still starts.
  if (missed > 100) {
    await ctx.recordEvent(cj, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`);
  }
  if (scheduled === undefined) {
    await writeStatus();
    return wakeAt(now);
  }
  if (spec.startingDeadlineSeconds !== undefined && spec.startingDeadlineSeconds !== null && scheduled + spec.startingDeadlineSeconds * 1000 < now) {
    await ctx.recordEvent(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
    await writeStatus();
    return wakeAt(now);
  }
  const jobName = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
  if (active.some((r) => r.name === jobName) || jobs.some((j) => j.metadata.name === jobName)) {
    await writeStatus();
    return wakeAt(now);
  }
  if (spec.concurrencyPolicy === 'Forbid' && active.length > 0) {
    await ctx.recordEvent(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
    await writeStatus();
    return wakeAt(now);
  }
  if (spec.concurrencyPolicy === 'Replace') {
    for (const r of active) {
      await deleteJob(cj, r.name, ctx);
    }
    active = [];
  }
  const job = await ctx.api.create(jobFromTemplate(cj, spec, jobName, scheduled));
  await ctx.recordEvent(cj, 'Normal', 'SuccessfulCreate', `Created job ${jobName}`);
  const o = job.object;
  active = [...active, { apiVersion: 'batch/v1', kind: 'Job', name: o.metadata.name!, namespace: ns, uid: o.metadata.uid!, resourceVersion: o.metadata.resourceVersion }];
  status.active = active;
  status.lastScheduleTime = rfc3339(scheduled);
  await writeStatus();
  return wakeAt(now);
}

async function deleteJob(cj: KubeObject, name: string, ctx: ControllerContext): Promise<void> {
  try {
    await ctx.api.delete('Job', cj.metadata.namespace, name, { propagationPolicy: 'Background' });
  } catch (e) {
    if ((e as { reason?: string }).reason !== 'NotFound') throw e;
  }
  await ctx.recordEvent(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${name}`);
}

/** cleanupFinishedJobs / removeOldestJobs: keep the newest N successful and M failed Jobs. */
async function cleanupFinishedJobs(cj: KubeObject, spec: CronJobSpec, jobs: KubeObject[], ctx: ControllerContext): Promise<void> {
  const byStart = (a: KubeObject, b: KubeObject) => {
    const sa = (a.status as { startTime?: string } | undefined)?.startTime;
    const sb = (b.status as { startTime?: string } | undefined)?.startTime;
    if (!sa || !sb) return sa ? -1 : sb ? 1 : (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
    return Date.parse(sa) - Date.parse(sb) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
  };
  for (const [type, limit] of [['Complete', spec.successfulJobsHistoryLimit], ['Failed', spec.failedJobsHistoryLimit]] as const) {
    if (limit === undefined || limit === null) continue;
    const done = jobs.filter((j) => isFinished(j) && jobFinishedType(j) === type && !j.metadata.deletionTimestamp).sort(byStart);
    for (const j of done.slice(0, Math.max(0, done.length - limit))) await deleteJob(cj, j.metadata.name!, ctx);
  }
}

/** getJobFromTemplate2: the Job a schedule time starts. */
function jobFromTemplate(cj: KubeObject, spec: CronJobSpec, name: string, scheduled: number): KubeObject {
  const tpl = structuredClone(spec.jobTemplate);
  return {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: {
      name, namespace: cj.metadata.namespace,
      labels: { ...(tpl.metadata?.labels ?? {}) },
      annotations: { ...(tpl.metadata?.annotations ?? {}), [CronJobScheduledTimestampAnnotation]: rfc3339InZone(scheduled, spec.timeZone) },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name!, uid: cj.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: tpl.spec,
  };
}
