/**
 * Runs a Job on a lab cluster and reads back what a learner would check with kubectl: the final
 * condition, the counters, how long it took in virtual time, and its pods.
 */
import { UserError } from '../cli/errors';
import type { KubeObject } from '../cluster/store';
import { parseManifests, waitFor, type Manifest } from '../kube/objects';
import type { LabCluster } from './lab-cluster';
import { podRow, type PodRow } from './observe';
import { collectionPath, watch } from '../kube/objects';

export interface JobCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface JobRun {
  name: string;
  /** The last condition type that is True: Complete or Failed. */
  outcome: 'Complete' | 'Failed';
  /** The outcome condition's reason (e.g. BackoffLimitExceeded, DeadlineExceeded). */
  reason?: string;
  message?: string;
  /** succeeded / failed counters from the Job status. */
  succeeded: number;
  failed: number;
  /** Virtual seconds from status.startTime to the end condition. */
  seconds: number;
  job: KubeObject;
  /** The Job's pods that still exist, oldest first. */
  pods: KubeObject[];
  /** Every pod seen while it ran, as last seen (also those the controller deleted), oldest first. */
  seen: PodRow[];
}

const jobRef = (name: string) => ({ apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs', name, namespace: 'default' });

function finalCondition(job: Manifest | KubeObject): JobCondition | undefined {
  const conds = ((job.status as { conditions?: JobCondition[] } | undefined)?.conditions ?? []);
  return conds.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/** The pods of a Job (label batch.kubernetes.io/job-name), oldest first. */
export function jobPods(lab: LabCluster, name: string): KubeObject[] {
  return lab.list('Pod', `batch.kubernetes.io/job-name=${name}`)
    .sort((a, b) => Date.parse(String(a.metadata.creationTimestamp)) - Date.parse(String(b.metadata.creationTimestamp)));
}

/** Summarises a finished Job. */
export function readJobRun(lab: LabCluster, name: string): JobRun {
  const job = lab.cluster.api.get('Job', 'default', name);
  const cond = finalCondition(job);
  if (!cond) throw new UserError(`job ${name} has not finished`, { hint: 'Wait for it with runJob(), or check `kubectl describe job ' + name + '`.' });
  const st = (job.status ?? {}) as { startTime?: string; succeeded?: number; failed?: number };
  const start = Date.parse(st.startTime ?? String(job.metadata.creationTimestamp));
  const end = Date.parse(cond.lastTransitionTime ?? st.startTime ?? '');
  return {
    name,
    outcome: cond.type as JobRun['outcome'],
    reason: cond.reason,
    message: cond.message,
    succeeded: st.succeeded ?? 0,
    failed: st.failed ?? 0,
    seconds: (end - start) / 1000,
    job,
    pods: jobPods(lab, name),
    seen: jobPods(lab, name).map(podRow),
  };
}

/**
 * Applies one Job manifest and waits (real time, default 60 s) until it is Complete or Failed.
 * Re-running a cell replaces a finished Job of the same name (deleted with its pods first).
 */
export async function runJob(lab: LabCluster, manifest: string | Manifest, opts: { timeoutMs?: number } = {}): Promise<JobRun> {
  const docs = typeof manifest === 'string' ? parseManifests(manifest) : [manifest];
  const job = docs.find((d) => d.kind === 'Job');
  if (!job || !job.metadata.name) throw new UserError('runJob needs a Job manifest with metadata.name', { hint: 'Pass YAML with `kind: Job` and a `metadata: {name: …}`.' });
  const name = job.metadata.name;
  await deleteJob(lab, name);
  // Watch the pods from before the create, so pods the controller deletes at the end still show.
  const seen = new Map<string, KubeObject>();
  const stop = await watch(lab.client, collectionPath('v1', 'pods', 'default'), { labelSelector: `batch.kubernetes.io/job-name=${name}` }, (e) => {
    if (e.type !== 'ERROR' && e.type !== 'BOOKMARK') seen.set(String(e.object.metadata.name), e.object as unknown as KubeObject);
  });
  try {
    await lab.apply(docs);
    await waitFor(lab.client, jobRef(name), (o) => finalCondition(o) !== undefined, opts.timeoutMs ?? 60_000);
  } finally {
    stop();
  }
  const run = readJobRun(lab, name);
  for (const p of run.pods) seen.set(String(p.metadata.name), p);
  const created = (p: KubeObject) => Date.parse(String(p.metadata.creationTimestamp));
  run.seen = [...seen.values()].sort((a, b) => created(a) - created(b)).map(podRow);
  return run;
}

/** Deletes a Job and its pods if it exists (foreground, so re-runs start clean). */
export async function deleteJob(lab: LabCluster, name: string): Promise<void> {
  const api = lab.cluster.api;
  if (!api.tryGet('Job', 'default', name)) return;
  await api.delete('Job', 'default', name, { propagationPolicy: 'Background' });
  for (const p of jobPods(lab, name)) {
    if (api.tryGet('Pod', 'default', p.metadata.name!)) await api.delete('Pod', 'default', p.metadata.name!, {}).catch(() => undefined);
  }
}
