/**
 * Step checks: small declarative specs in index.json, evaluated in TypeScript against the
 * cluster through client-node. Each returns ✓, or ✗ with the reason the learner needs and a hint
 * saying what to look at next. Every check compares real values, so each one can fail.
 */
import { UserError } from '../cli/errors';
import { hasCondition, podLogs, type KubeClient, type Manifest } from '../kube';
import type * as k8s from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { runSqsCheck, SqsFields, type SqsCheckContext, type SqsCheckSpec } from './sqs-checks';

export type KubeCheckSpec =
  | { type: 'configMap'; name: string; data: Record<string, string> }
  | { type: 'jobComplete'; name: string; logs?: string; completions?: number; maxActiveDeadlineSeconds?: number }
  | { type: 'cronJobForbid'; name: string; minJobs: number };

export type CheckSpec = KubeCheckSpec | SqsCheckSpec;

export interface CheckResult {
  ok: boolean;
  /** Why it failed (empty when ok). */
  reason?: string;
  hint?: string;
}

/** Where a check runs: the lab's namespace on the cluster, or (SQS labs) the lab's endpoint and workspace. */
export interface CheckContext {
  client?: KubeClient;
  namespace: string;
  sqs?: SqsCheckContext;
}

interface KubeContext extends CheckContext {
  client: KubeClient;
}

const FIELDS: Record<CheckSpec['type'], { required: string[]; optional: string[] }> = {
  configMap: { required: ['name', 'data'], optional: [] },
  jobComplete: { required: ['name'], optional: ['logs', 'completions', 'maxActiveDeadlineSeconds'] },
  cronJobForbid: { required: ['name', 'minJobs'], optional: [] },
  ...SqsFields,
};

const POSITIVE = ['completions', 'maxActiveDeadlineSeconds', 'minJobs', 'minRate', 'seconds', 'size', 'messages', 'crashAt', 'maxReceiveCount'];

/** True for the checks that run against the lab's SQS endpoint rather than the cluster. */
export function isSqsCheck(spec: CheckSpec): spec is SqsCheckSpec {
  return spec.type in SqsFields;
}

/** Validates a check spec from index.json; `where` names the file and field in the error. */
export function parseCheckSpec(v: unknown, where: string): CheckSpec {
  const bad = (what: string): never => {
    throw new UserError(`${where} ${what}`, { hint: 'See docs/labs.md for the check types.' });
  };
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad('must be an object with a "type"');
  const o = v as Record<string, unknown>;
  const type = o.type as CheckSpec['type'];
  const f = FIELDS[type];
  if (typeof type !== 'string' || !f) return bad(`has an unknown type "${String(o.type)}" (known: ${Object.keys(FIELDS).join(', ')})`);
  for (const k of Object.keys(o)) if (k !== 'type' && !f.required.includes(k) && !f.optional.includes(k)) bad(`has an unknown field "${k}" for type ${type}`);
  for (const k of f.required) if (o[k] === undefined) bad(`needs "${k}" for type ${type}`);
  for (const k of ['name', 'queue', 'settings', 'file']) if (o[k] !== undefined && (typeof o[k] !== 'string' || !o[k])) bad(`needs "${k}" to be a string`);
  for (const k of POSITIVE) if (o[k] !== undefined && !(Number.isInteger(o[k]) && (o[k] as number) > 0)) bad(`"${k}" must be a positive integer`);
  if (o.logs !== undefined) {
    try {
      new RegExp(String(o.logs));
    } catch {
      bad('"logs" must be a regular expression');
    }
  }
  if (type === 'configMap' && (typeof o.data !== 'object' || o.data === null || !Object.values(o.data).every((x) => typeof x === 'string'))) bad('"data" must map keys to strings');
  return o as unknown as CheckSpec;
}

async function read(c: KubeContext, apiVersion: string, kind: string, name: string): Promise<Manifest | undefined> {
  const api = c.client.objects as k8s.KubernetesObjectApi;
  try {
    return (await api.read({ apiVersion, kind, metadata: { name, namespace: c.namespace } })) as Manifest;
  } catch (e) {
    if ((e as { code?: number }).code === 404) return undefined;
    throw e;
  }
}

async function list(c: KubeContext, apiVersion: string, kind: string, labelSelector?: string): Promise<Manifest[]> {
  const api = c.client.objects as k8s.KubernetesObjectApi;
  return (await api.list(apiVersion, kind, c.namespace, undefined, undefined, undefined, undefined, labelSelector)).items as Manifest[];
}

type Status = Record<string, unknown> & { conditions?: Array<{ type: string; status: string; reason?: string; message?: string }> };
const statusOf = (o: Manifest) => (o.status ?? {}) as Status;

/** "3 pods failed with exit code 2" from the Job's pods' last terminated states. */
function podFailures(pods: Manifest[]): string | undefined {
  const codes = new Map<string, number>();
  for (const p of pods) {
    const cs = (statusOf(p).containerStatuses ?? []) as Array<{ state?: { terminated?: { exitCode: number; reason?: string } }; lastState?: { terminated?: { exitCode: number; reason?: string } } }>;
    for (const s of cs) {
      const t = s.state?.terminated ?? s.lastState?.terminated;
      if (t && t.exitCode !== 0) {
        const k = `exit code ${t.exitCode}`;
        codes.set(k, (codes.get(k) ?? 0) + 1);
      }
    }
  }
  if (!codes.size) return undefined;
  return [...codes].map(([k, n]) => `${n} pod${n === 1 ? '' : 's'} failed with ${k}`).join(', ');
}

async function jobComplete(c: KubeContext, s: Extract<CheckSpec, { type: 'jobComplete' }>): Promise<CheckResult> {
  const job = await read(c, 'batch/v1', 'Job', s.name);
  const ns = c.namespace;
  if (!job) return { ok: false, reason: `Job ${s.name} does not exist in namespace ${ns}`, hint: `apply your manifest: \`kubectl apply -n ${ns} -f <file>\` (\`kubectl get jobs -n ${ns}\` lists what is there)` };
  const spec = (job.spec ?? {}) as { completions?: number; activeDeadlineSeconds?: number };
  if (s.maxActiveDeadlineSeconds !== undefined && (spec.activeDeadlineSeconds === undefined || spec.activeDeadlineSeconds > s.maxActiveDeadlineSeconds)) {
    return { ok: false, reason: `Job ${s.name} has activeDeadlineSeconds ${spec.activeDeadlineSeconds ?? '(none)'}; the lab allows at most ${s.maxActiveDeadlineSeconds}`, hint: 'keep the deadline; change completions and parallelism instead' };
  }
  if (s.completions !== undefined && spec.completions !== s.completions) {
    return { ok: false, reason: `Job ${s.name} has completions ${spec.completions ?? '(unset)'}, but there are ${s.completions} work items`, hint: `set spec.completions: ${s.completions} (one pod per work item); it cannot be changed on an existing Job, so delete it first` };
  }
  const conds = statusOf(job).conditions ?? [];
  const failed = conds.find((x) => x.type === 'Failed' && x.status === 'True');
  if (failed || !hasCondition(job, 'Complete')) {
    const pods = await list(c, 'v1', 'Pod', `batch.kubernetes.io/job-name=${s.name}`);
    const why = failed ? `failed (${failed.reason ?? 'Failed'}${failed.message ? `: ${failed.message}` : ''})` : 'is not Complete yet';
    const detail = podFailures(pods);
    const hint = failed?.reason === 'DeadlineExceeded'
      ? `the pods did not finish within activeDeadlineSeconds; run more of them at once (spec.parallelism), then \`kubectl delete job ${s.name} -n ${ns}\` and apply again`
      : detail
        ? `look at \`kubectl logs job/${s.name} -n ${ns}\` and \`kubectl describe job ${s.name} -n ${ns}\``
        : `watch it with \`kubectl get job ${s.name} -n ${ns} -w\``;
    return { ok: false, reason: `Job ${s.name} ${why}${detail ? `: ${detail}` : ''}`, hint };
  }
  if (s.logs !== undefined) {
    const pods = (await list(c, 'v1', 'Pod', `batch.kubernetes.io/job-name=${s.name}`)).filter((p) => statusOf(p).phase === 'Succeeded');
    const re = new RegExp(s.logs);
    const logs = pods.length ? await podLogs(c.client, ns, pods[0].metadata.name ?? '') : '';
    if (!re.test(logs)) {
      const seen = logs.trim() ? `it printed "${logs.trim().slice(0, 60)}${logs.trim().length > 60 ? '…' : ''}"` : 'it printed nothing';
      return { ok: false, reason: `Job ${s.name} is Complete, but ${seen}`, hint: `the lab expects output matching /${s.logs}/; check the container's command and args` };
    }
  }
  return { ok: true };
}

function isFinished(job: Manifest): 'Complete' | 'Failed' | undefined {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  return undefined;
}

async function cronJobForbid(c: KubeContext, s: Extract<CheckSpec, { type: 'cronJobForbid' }>): Promise<CheckResult> {
  const ns = c.namespace;
  const cj = await read(c, 'batch/v1', 'CronJob', s.name);
  if (!cj) return { ok: false, reason: `CronJob ${s.name} does not exist in namespace ${ns}`, hint: `apply your manifest: \`kubectl apply -n ${ns} -f <file>\`` };
  const spec = (cj.spec ?? {}) as { concurrencyPolicy?: string; successfulJobsHistoryLimit?: number; failedJobsHistoryLimit?: number };
  if (spec.concurrencyPolicy !== 'Forbid') {
    return { ok: false, reason: `CronJob ${s.name} has concurrencyPolicy ${spec.concurrencyPolicy ?? 'Allow'}, so a new Job starts while the last one still runs`, hint: 'set spec.concurrencyPolicy: Forbid' };
  }
  const uid = cj.metadata.uid as string | undefined;
  const jobs = (await list(c, 'batch/v1', 'Job')).filter((j) => ((j.metadata.ownerReferences ?? []) as Array<{ uid: string }>).some((r) => r.uid === uid));
  const active = jobs.filter((j) => !isFinished(j));
  if (active.length > 1) return { ok: false, reason: `CronJob ${s.name} has ${active.length} active Jobs at once (${active.map((j) => j.metadata.name).join(', ')})`, hint: 'with Forbid there is at most one; delete the extra Jobs' };
  // Jobs that ran at the same time: a later one started before an earlier one completed.
  const spans = jobs
    .map((j) => ({ name: j.metadata.name, start: Date.parse(String(statusOf(j).startTime ?? '')), end: Date.parse(String(statusOf(j).completionTime ?? '')) }))
    .filter((x) => !Number.isNaN(x.start))
    .sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) {
    if (!Number.isNaN(spans[i - 1].end) && spans[i].start < spans[i - 1].end) {
      return { ok: false, reason: `Jobs ${spans[i - 1].name} and ${spans[i].name} ran at the same time`, hint: 'delete the old Jobs (`kubectl delete jobs -n ' + ns + ' --all`) after setting Forbid, and let the CronJob run again' };
    }
  }
  const succeeded = jobs.filter((j) => isFinished(j) === 'Complete').length;
  const failedN = jobs.filter((j) => isFinished(j) === 'Failed').length;
  const okLimit = spec.successfulJobsHistoryLimit ?? 3;
  const failLimit = spec.failedJobsHistoryLimit ?? 1;
  if (succeeded > okLimit) return { ok: false, reason: `CronJob ${s.name} keeps ${succeeded} finished Jobs; successfulJobsHistoryLimit is ${okLimit}`, hint: 'the CronJob controller removes the oldest; wait for the next run' };
  if (failedN > failLimit) return { ok: false, reason: `CronJob ${s.name} keeps ${failedN} failed Jobs; failedJobsHistoryLimit is ${failLimit}`, hint: 'the CronJob controller removes the oldest; wait for the next run' };
  if (jobs.length < s.minJobs) {
    return { ok: false, reason: `CronJob ${s.name} has created ${jobs.length} Job${jobs.length === 1 ? '' : 's'} so far; the check wants to see ${s.minJobs}`, hint: `wait for more runs: \`kubectl get jobs -n ${ns} -w\`` };
  }
  return { ok: true };
}

async function configMap(c: KubeContext, s: Extract<CheckSpec, { type: 'configMap' }>): Promise<CheckResult> {
  const cm = await read(c, 'v1', 'ConfigMap', s.name);
  if (!cm) return { ok: false, reason: `ConfigMap ${s.name} does not exist in namespace ${c.namespace}`, hint: `apply your manifest: \`kubectl apply -n ${c.namespace} -f <file>\`` };
  const data = (cm.data ?? {}) as Record<string, string>;
  for (const [k, want] of Object.entries(s.data)) {
    if (data[k] !== want) {
      return { ok: false, reason: `ConfigMap ${s.name} has ${k}=${data[k] === undefined ? '(missing)' : JSON.stringify(data[k])}, want ${JSON.stringify(want)}`, hint: `edit data.${k} in the manifest and apply it again` };
    }
  }
  return { ok: true };
}

/** Runs one check against the lab's namespace (or its SQS endpoint). */
export function runCheck(c: CheckContext, spec: CheckSpec): Promise<CheckResult> {
  if (isSqsCheck(spec)) {
    if (!c.sqs) throw new Error(`check ${spec.type} needs the lab's SQS endpoint`);
    return runSqsCheck(c.sqs, spec);
  }
  if (!c.client) throw new Error(`check ${spec.type} needs the cluster`);
  const k: KubeContext = { ...c, client: c.client };
  switch (spec.type) {
    case 'configMap':
      return configMap(k, spec);
    case 'jobComplete':
      return jobComplete(k, spec);
    case 'cronJobForbid':
      return cronJobForbid(k, spec);
  }
}
