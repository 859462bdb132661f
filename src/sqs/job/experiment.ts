/**
 * The seed's Kubernetes Job experiment: a Job of `parallelism: 20` sends, then another drains, the
 * four queues. Each pod runs the kit's producer or consumer (image `sqs-test`) and logs its count and
 * rate; this reads them back from the pod logs and accounts for every message.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CreateQueueCommand, PurgeQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { kitRoot } from '../../env/paths';
import type { KubeClient } from '../../kube/client';
import { parseManifests, type Manifest } from '../../kube/objects';
import { parseSummary } from '../../cluster/images/sqs-test';
import { SEED_QUEUES } from '../../cluster/images/sqs-test-config';
import { sqsClient } from '../client';
import { remainingDepth, resolveQueues, type ResolvedQueue } from '../load/queues';
import { loadReceive, loadSend } from '../load/run';
import type { LoadReport } from '../load/report';
import type { Span } from '../../display/timeline';
import { runJobWatched, type JobOutcome } from './jobs';

/** The manifest file: the seed's Job, adapted and commented. */
export const SQS_JOB_MANIFEST = path.join(kitRoot, 'src', 'sqs', 'job', 'sqs-test-job.yaml');

export interface SqsJobOptions {
  /** The SQS endpoint as the pods reach it: the embedded endpoint's URL. */
  endpoint: string;
  /** Default: the seed's four queues. They are created when missing and emptied first. */
  queues?: string[];
  /** Pods at once in each Job (the seed: 20). */
  parallelism?: number;
  /** Messages each send pod sends (default 1000). */
  messagesPerPod?: number;
  size?: number;
  batch?: number;
  /** Requests in flight per pod (default: each pod ramps its own). */
  concurrency?: number;
  /** A receive pod exits once the queues stayed empty this long (seconds, default 2). */
  idleSec?: number;
  namespace?: string;
  /** Per Job, real time (default 120 s). */
  timeoutMs?: number;
}

/** One pod's share of the work, from its log (count, seconds, rate) and the watch (when it ran). */
export interface PodShare {
  pod: string;
  node: string;
  messages: number;
  /** Seconds the pod spent sending or receiving (its own measure, real time). */
  seconds: number;
  msgPerSec: number;
  /** Receive pods: redeliveries the pod saw twice. */
  duplicates: number;
  exitCode?: number;
  /** Real seconds since the Job was applied: seen Running, seen finished. */
  start: number;
  end: number;
}

export interface JobPhase {
  job: string;
  outcome: 'Complete' | 'Failed';
  parallelism: number;
  /** Real seconds from the start of the experiment to this Job's apply (pod times are relative to the apply). */
  offsetSec: number;
  pods: PodShare[];
  /** Messages all pods moved. */
  messages: number;
  /** Real seconds from `kubectl apply` to the Job's Complete condition (scheduling and start-up included). */
  wallSec: number;
  /** From the first pod running to the last pod finished. */
  activeSec: number;
  /** messages ÷ wallSec: what the seed's "per minute" figures measured. */
  msgPerSec: number;
  /** The pods' own rates: slowest, median, fastest. */
  podRate: { min: number; median: number; max: number };
}

export interface SqsJobExperiment {
  endpoint: string;
  queues: string[];
  send: JobPhase;
  receive: JobPhase;
  /** In the queues between the two Jobs (visible + in flight). */
  queuedAfterSend: number;
  /** Still in the queues at the end. */
  remaining: number;
  /** sent − received − remaining: must be 0. */
  lost: number;
  /** Redeliveries a receive pod saw twice (at-least-once delivery); each is counted once in `received`. */
  duplicates: number;
}

function setEnv(container: { env?: Array<{ name: string; value?: string }> }, values: Record<string, string | number | undefined>): void {
  const env = (container.env ??= []);
  for (const [name, v] of Object.entries(values)) {
    if (v === undefined) continue;
    const e = env.find((x) => x.name === name);
    if (e) e.value = String(v);
    else env.push({ name, value: String(v) });
  }
}

/** The two Jobs of the manifest file with the endpoint, queues, counts and parallelism filled in. */
export function sqsJobManifests(o: SqsJobOptions): { send: Manifest; receive: Manifest } {
  const docs = parseManifests(fs.readFileSync(SQS_JOB_MANIFEST, 'utf8'), SQS_JOB_MANIFEST);
  const byName = (n: string) => docs.find((d) => d.metadata.name === n)!;
  const fill = (job: Manifest, values: Record<string, string | number | undefined>) => {
    const spec = job.spec as { parallelism: number; template: { spec: { containers: Array<{ env?: Array<{ name: string; value?: string }> }> } } };
    spec.parallelism = o.parallelism ?? spec.parallelism;
    setEnv(spec.template.spec.containers[0], { SQS_ENDPOINT: o.endpoint, QUEUES: (o.queues ?? SEED_QUEUES).join(','), BATCH: o.batch, CONCURRENCY: o.concurrency, ...values });
    return job;
  };
  return {
    send: fill(byName('sqs-test-send'), { MESSAGES: o.messagesPerPod ?? 1000, SIZE: o.size }),
    receive: fill(byName('sqs-test-receive'), { IDLE: o.idleSec ?? 2 }),
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : 0;
};

function phase(run: JobOutcome, parallelism: number, t0: number): JobPhase {
  const pods: PodShare[] = run.pods.map((p) => {
    const s = parseSummary(p.log);
    return { pod: p.pod, node: p.node, messages: s?.messages ?? 0, seconds: s?.seconds ?? 0, msgPerSec: s?.msgPerSec ?? 0, duplicates: s?.duplicates ?? 0, exitCode: p.exitCode, start: p.running ?? p.created, end: p.finished ?? run.wallSec };
  });
  const messages = pods.reduce((n, p) => n + p.messages, 0);
  const rates = pods.map((p) => p.msgPerSec);
  const activeSec = pods.length ? Math.max(...pods.map((p) => p.end)) - Math.min(...pods.map((p) => p.start)) : 0;
  return {
    job: run.name, outcome: run.outcome, parallelism, offsetSec: (run.appliedAt - t0) / 1000, pods, messages, wallSec: run.wallSec, activeSec,
    msgPerSec: run.wallSec ? messages / run.wallSec : 0,
    podRate: { min: rates.length ? Math.min(...rates) : 0, median: median(rates), max: rates.length ? Math.max(...rates) : 0 },
  };
}

/** Creates the queues when missing and empties them (PurgeQueue), so a run's accounting covers that run only. */
async function emptyQueues(endpoint: string, queues: string[]): Promise<{ client: SQSClient; resolved: ResolvedQueue[] }> {
  const client = sqsClient({ endpoint, maxSockets: 8 });
  try {
    for (const q of queues) await client.send(new CreateQueueCommand({ QueueName: q }));
    const resolved = await resolveQueues(client, queues, { where: endpoint });
    for (const q of resolved) await client.send(new PurgeQueueCommand({ QueueUrl: q.url }));
    return { client, resolved };
  } catch (e) {
    client.destroy();
    throw e;
  }
}

/**
 * The same work from one process, for comparison: `parallelism × messagesPerPod` messages sent with
 * `loadSend`, then drained with `loadReceive` (same idle time), on the emptied queues.
 */
export async function runSingleProcess(o: SqsJobOptions): Promise<{ send: LoadReport; receive: LoadReport }> {
  const queues = o.queues ?? SEED_QUEUES;
  (await emptyQueues(o.endpoint, queues)).client.destroy();
  const total = (o.parallelism ?? 20) * (o.messagesPerPod ?? 1000);
  const target = { endpoint: o.endpoint, queues };
  const send = await loadSend(target, { messages: total, size: o.size ?? 10 * 1024, batch: o.batch ?? 10, concurrency: o.concurrency });
  const receive = await loadReceive(target, { idleSec: o.idleSec ?? 2, batch: o.batch ?? 10, concurrency: o.concurrency, expect: send.sent });
  return { send, receive };
}

/**
 * Runs the send Job, then the receive Job, on the cluster `kube` connects to, against the SQS
 * endpoint `o.endpoint` (both must be reachable from this process too). The queues are emptied first
 * (PurgeQueue), so the accounting covers this run only. The Jobs are left in place for `kubectl get pods`.
 */
export async function runSqsJobExperiment(kube: KubeClient, o: SqsJobOptions): Promise<SqsJobExperiment> {
  const queues = o.queues ?? SEED_QUEUES;
  const t0 = performance.now();
  const { client, resolved } = await emptyQueues(o.endpoint, queues);
  try {
    const jobs = sqsJobManifests(o);
    const parallelism = (jobs.send.spec as { parallelism: number }).parallelism;
    const run = { namespace: o.namespace, timeoutMs: o.timeoutMs };
    const send = phase(await runJobWatched(kube, jobs.send, run), parallelism, t0);
    const queuedAfterSend = await remainingDepth(client, resolved);
    const receive = phase(await runJobWatched(kube, jobs.receive, run), parallelism, t0);
    const remaining = await remainingDepth(client, resolved);
    const duplicates = receive.pods.reduce((n, p) => n + p.duplicates, 0);
    return { endpoint: o.endpoint, queues, send, receive, queuedAfterSend, remaining, lost: send.messages - receive.messages - remaining, duplicates };
  } finally {
    client.destroy();
  }
}

/** One row per run, single process next to the Job, for a table or a bar chart. */
export interface ComparisonRow {
  run: string;
  processes: number;
  messages: number;
  seconds: number;
  msgPerSec: number;
}

/** The Job's two phases next to single-process `loadSend` / `loadReceive` reports of the same work. */
export function compareWithSingleProcess(exp: SqsJobExperiment, single: { send: LoadReport; receive: LoadReport }): ComparisonRow[] {
  const row = (run: string, processes: number, messages: number, seconds: number) => ({ run, processes, messages, seconds: Number(seconds.toFixed(2)), msgPerSec: Math.round(seconds ? messages / seconds : 0) });
  return [
    row('send · one process', 1, single.send.sent, single.send.durationSec),
    row(`send · Job, ${exp.send.pods.length} pods`, exp.send.pods.length, exp.send.messages, exp.send.wallSec),
    row('receive · one process', 1, single.receive.received, single.receive.durationSec),
    row(`receive · Job, ${exp.receive.pods.length} pods`, exp.receive.pods.length, exp.receive.messages, exp.receive.wallSec),
  ];
}

/** Each pod of both Jobs as a bar on one real-time axis (seconds since the experiment started). */
export function experimentSpans(exp: SqsJobExperiment): Span[] {
  return [exp.send, exp.receive].flatMap((ph, i) =>
    ph.pods.map((p) => ({ lane: p.pod, start: ph.offsetSec + p.start, end: ph.offsetSec + p.end, status: i === 0 ? 'send' : 'receive' })));
}

/** One row per Job: how the work was split over its pods and how fast they were. */
export function phaseRows(exp: SqsJobExperiment): Array<Record<string, string | number>> {
  return [exp.send, exp.receive].map((ph) => {
    const counts = ph.pods.map((p) => p.messages);
    return {
      job: ph.job,
      pods: ph.pods.length,
      messages: ph.messages,
      perPod: `${Math.min(...counts)}–${Math.max(...counts)}`,
      podRate: `${ph.podRate.min}–${ph.podRate.max} (median ${Math.round(ph.podRate.median)})`,
      wallSec: Number(ph.wallSec.toFixed(2)),
      activeSec: Number(ph.activeSec.toFixed(2)),
      // The pods' windows are staggered, so the sum of their own rates would overstate the Job's.
      activeMsgPerSec: Math.round(ph.activeSec ? ph.messages / ph.activeSec : 0),
    };
  });
}
