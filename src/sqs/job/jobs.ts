/**
 * Running one Job on any cluster through client-node (the in-kernel lab cluster, `kit start`'s, or a
 * real one): replace a finished Job of the same name, apply, wait for Complete or Failed, and record
 * each pod's life on the *real* clock, from the watch, so a timeline means the same at any clock speed.
 */
import type * as k8s from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { UserError } from '../../cli/errors';
import type { KubeClient } from '../../kube/client';
import { apply, collectionPath, hasCondition, podLogs, waitFor, watch, type Manifest } from '../../kube/objects';

/** One pod's life in real seconds since the Job was applied (the watch saw it). */
export interface PodLife {
  pod: string;
  node: string;
  /** Seen created, seen Running, seen Succeeded/Failed. */
  created: number;
  running?: number;
  finished?: number;
  phase: string;
  exitCode?: number;
  log: string;
}

export interface JobOutcome {
  name: string;
  outcome: 'Complete' | 'Failed';
  /** When the Job was applied: performance.now() in this process, ms. */
  appliedAt: number;
  /** Real seconds from the apply to the Job's end condition. */
  wallSec: number;
  succeeded: number;
  failed: number;
  pods: PodLife[];
}

type Pod = { metadata?: { name?: string }; spec?: { nodeName?: string }; status?: { phase?: string; containerStatuses?: Array<{ state?: { terminated?: { exitCode?: number } } }> } };

const jobRef = (name: string, namespace: string) => ({ apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs', name, namespace });

async function listPods(client: KubeClient, namespace: string, job: string): Promise<Pod[]> {
  const core = client.core as k8s.CoreV1Api;
  return (await core.listNamespacedPod({ namespace, labelSelector: `batch.kubernetes.io/job-name=${job}` })).items as Pod[];
}

/** Deletes a Job and waits until its pods are gone, so a re-run's pods are not confused with the last run's. */
export async function deleteJobAndPods(client: KubeClient, name: string, namespace = 'default', timeoutMs = 30_000): Promise<void> {
  const api = client.objects as k8s.KubernetesObjectApi;
  try {
    await api.delete({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace } }, undefined, undefined, 0, undefined, 'Background');
  } catch (e) {
    if ((e as { code?: number }).code !== 404) throw e;
  }
  const core = client.core as k8s.CoreV1Api;
  const end = performance.now() + timeoutMs;
  for (;;) {
    const pods = await listPods(client, namespace, name);
    if (!pods.length) return;
    // Pods the garbage collector has not reached yet (or orphans of an older run) go too.
    for (const p of pods) await core.deleteNamespacedPod({ name: p.metadata!.name!, namespace, gracePeriodSeconds: 0 }).catch(() => undefined);
    if (performance.now() > end) throw new UserError(`the pods of job ${name} are still there after ${timeoutMs / 1000} s`, { hint: `Delete them with \`kubectl delete pods -l batch.kubernetes.io/job-name=${name}\`.` });
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Applies a Job (replacing one of the same name) and waits, up to `timeoutMs` of real time, for it to
 * be Complete or Failed. Returns its pods with their real-time lives and their logs.
 */
export async function runJobWatched(client: KubeClient, job: Manifest, opts: { namespace?: string; timeoutMs?: number } = {}): Promise<JobOutcome> {
  const namespace = opts.namespace ?? 'default';
  const name = job.metadata.name;
  if (!name) throw new UserError('the Job needs metadata.name', { hint: 'Give it a name; generateName is not supported here.' });
  await deleteJobAndPods(client, name, namespace);
  const lives = new Map<string, PodLife>();
  const t0 = performance.now();
  const sec = () => (performance.now() - t0) / 1000;
  const stop = await watch(client, collectionPath('v1', 'pods', namespace), { labelSelector: `batch.kubernetes.io/job-name=${name}` }, (e) => {
    if (e.type === 'ERROR' || e.type === 'BOOKMARK') return;
    const p = e.object as Pod;
    const podName = p.metadata?.name ?? '?';
    const life = lives.get(podName) ?? { pod: podName, node: '', created: sec(), phase: 'Pending', log: '' };
    lives.set(podName, life);
    const phase = p.status?.phase ?? 'Pending';
    life.node = p.spec?.nodeName ?? life.node;
    life.phase = phase;
    if (phase === 'Running') life.running ??= sec();
    if (phase === 'Succeeded' || phase === 'Failed') {
      life.running ??= sec();
      life.finished ??= sec();
      life.exitCode = p.status?.containerStatuses?.[0]?.state?.terminated?.exitCode;
    }
  });
  let done: Manifest;
  let wallSec: number;
  try {
    await apply(client, [job], namespace);
    done = await waitFor(client, jobRef(name, namespace), (o) => hasCondition(o, 'Complete') || hasCondition(o, 'Failed'), opts.timeoutMs ?? 120_000);
    wallSec = sec();
    // The Job's condition and its pods' last updates arrive on different watches: let the pods' catch up.
    const end = performance.now() + 5000;
    while ([...lives.values()].some((l) => l.finished === undefined) && performance.now() < end) await new Promise((r) => setTimeout(r, 20));
  } finally {
    stop();
  }
  const st = (done.status ?? {}) as { succeeded?: number; failed?: number };
  const pods = [...lives.values()].sort((a, b) => a.created - b.created || a.pod.localeCompare(b.pod));
  for (const p of pods) p.log = await podLogs(client, namespace, p.pod).catch(() => '');
  return { name, outcome: hasCondition(done, 'Complete') ? 'Complete' : 'Failed', appliedAt: t0, wallSec, succeeded: st.succeeded ?? 0, failed: st.failed ?? 0, pods };
}
