/**
 * Seed 004's "message broker + Job" pattern with SQS in place of RabbitMQ. A Job initiator (this
 * file, outside the cluster like the seed's) splits a prime range into work items, sends one message
 * per item, and creates a Job through the Kubernetes API with completions = work items and
 * parallelism = workers (the seed: the number of nodes). Each pod (`sqs-test prime-worker`) takes
 * one item, sends its primes to a results queue, deletes the item and exits 0. Then the initiator
 * checks the result against a sieve of the whole range.
 */
import type * as k8s from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { CreateQueueCommand, DeleteMessageBatchCommand, PurgeQueueCommand, ReceiveMessageCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { UserError } from '../../cli/errors';
import type { KubeClient } from '../../kube/client';
import type { Manifest } from '../../kube/objects';
import { MAX_PRIME_RANGE, primesInRange } from '../../cluster/images/primes';
import type { PrimeResult, PrimeWorkItem } from '../../cluster/images/sqs-test-prime';
import { sqsClient } from '../client';
import { queueDepth } from '../load/queues';
import { runJobWatched, type PodLife } from './jobs';

export interface PrimeWorkQueueOptions {
  /** The SQS endpoint as the pods reach it. */
  endpoint: string;
  /** The range [start, start + size) (default [2, 100002)). */
  start?: number;
  size?: number;
  /** Work items (= the Job's completions, default 10). */
  items?: number;
  /** Pods at once (= parallelism; default: the number of nodes, as the seed's initiator did). */
  workers?: number;
  queue?: string;
  resultsQueue?: string;
  /** The Job's name (default primes). */
  job?: string;
  namespace?: string;
  timeoutMs?: number;
}

export type { PrimeWorkItem, PrimeResult };

/** Who did which item, as the results queue says. */
export interface ItemResult extends PrimeWorkItem {
  pod: string;
  primes: number;
}

export interface PrimeCheck {
  /** Primes in the range, by a sieve of the whole range in this process. */
  expected: number;
  /** Distinct primes the pods reported. */
  found: number;
  /** Expected primes nobody reported (the first 10). */
  missing: number[];
  /** Primes reported more than once (an item done twice). */
  duplicates: number;
  /** Numbers reported that are not primes of the range. */
  extra: number;
  /** found = expected, nothing missing, duplicated or extra. */
  exactlyOnce: boolean;
}

export interface PrimeWorkQueueRun {
  range: { start: number; size: number };
  items: ItemResult[];
  job: { name: string; outcome: 'Complete' | 'Failed'; completions: number; parallelism: number; succeeded: number; failed: number; wallSec: number };
  pods: PodLife[];
  check: PrimeCheck;
  /** Work items still in the queue (visible + in flight) after the Job: must be 0. */
  itemsLeft: number;
}

/** Splits [start, start + size) into `n` contiguous items whose sizes differ by at most 1. */
export function splitRange(start: number, size: number, n: number): PrimeWorkItem[] {
  if (!Number.isSafeInteger(n) || n < 1 || n > size) throw new UserError(`cannot split a range of ${size} numbers into ${n} work items`, { hint: 'Use between 1 and size items.' });
  const items: PrimeWorkItem[] = [];
  let at = start;
  for (let i = 0; i < n; i++) {
    const s = Math.floor(size / n) + (i < size % n ? 1 : 0);
    items.push({ item: i, start: at, size: s });
    at += s;
  }
  return items;
}

/** The Job the initiator creates: the seed's create_job_manifest(n_job, n_node), with SQS settings in env. */
export function primeJobManifest(o: { name: string; completions: number; parallelism: number; endpoint: string; queue: string; resultsQueue: string }): Manifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: o.name, labels: { 'kit.dev/experiment': 'prime-work-queue' } },
    spec: {
      backoffLimit: 4,
      completions: o.completions,
      parallelism: o.parallelism,
      template: {
        spec: {
          containers: [{
            name: 'pn-generator',
            image: 'sqs-test:latest',
            command: ['sqs-test', 'prime-worker'],
            env: [
              { name: 'SQS_ENDPOINT', value: o.endpoint },
              { name: 'QUEUE', value: o.queue },
              { name: 'RESULTS_QUEUE', value: o.resultsQueue },
              { name: 'WAIT', value: '5' },
            ],
          }],
          restartPolicy: 'Never',
        },
      },
    },
  };
}

/** Compares the reported primes with a sieve of the range. */
export function checkPrimes(start: number, size: number, reported: number[]): PrimeCheck {
  const expected = primesInRange(start, size);
  const want = new Set(expected);
  const seen = new Map<number, number>();
  for (const p of reported) seen.set(p, (seen.get(p) ?? 0) + 1);
  const missing = expected.filter((p) => !seen.has(p));
  const duplicates = [...seen.values()].filter((n) => n > 1).length;
  const extra = [...seen.keys()].filter((p) => !want.has(p)).length;
  return { expected: expected.length, found: seen.size - extra, missing: missing.slice(0, 10), duplicates, extra, exactlyOnce: !missing.length && !duplicates && !extra };
}

async function drain(client: SQSClient, url: string): Promise<PrimeResult[]> {
  const out: PrimeResult[] = [];
  for (;;) {
    const r = await client.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    const msgs = r.Messages ?? [];
    if (!msgs.length) return out;
    for (const m of msgs) out.push(JSON.parse(m.Body!) as PrimeResult);
    await client.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: msgs.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
  }
}

/** The Job initiator: queues the items, creates the Job, waits for it, collects and checks the primes. */
export async function runPrimeWorkQueue(kube: KubeClient, o: PrimeWorkQueueOptions): Promise<PrimeWorkQueueRun> {
  const start = o.start ?? 2;
  const size = o.size ?? 100_000;
  const items = splitRange(start, size, o.items ?? 10);
  if (items.some((i) => i.size > MAX_PRIME_RANGE)) throw new UserError(`work items of more than ${MAX_PRIME_RANGE} numbers are too large for one pod`, { hint: 'Use more items.' });
  const nodes = (await (kube.core as k8s.CoreV1Api).listNode()).items.length;
  const parallelism = o.workers ?? Math.max(1, nodes);
  const queue = o.queue ?? 'primes-work';
  const resultsQueue = o.resultsQueue ?? 'primes-results';
  const client = sqsClient({ endpoint: o.endpoint, maxSockets: 8 });
  try {
    // A worker killed before its delete leaves the item invisible this long, then the next pod takes it.
    const workUrl = (await client.send(new CreateQueueCommand({ QueueName: queue, Attributes: { VisibilityTimeout: '30' } }))).QueueUrl!;
    const resultsUrl = (await client.send(new CreateQueueCommand({ QueueName: resultsQueue }))).QueueUrl!;
    for (const url of [workUrl, resultsUrl]) await client.send(new PurgeQueueCommand({ QueueUrl: url }));
    for (let i = 0; i < items.length; i += 10) {
      const r = await client.send(new SendMessageBatchCommand({ QueueUrl: workUrl, Entries: items.slice(i, i + 10).map((w) => ({ Id: String(w.item), MessageBody: JSON.stringify(w) })) }));
      if (r.Failed?.length) throw new Error(`could not queue work items: ${r.Failed.map((f) => f.Code).join(', ')}`);
    }
    const job = primeJobManifest({ name: o.job ?? 'primes', completions: items.length, parallelism, endpoint: o.endpoint, queue, resultsQueue });
    const run = await runJobWatched(kube, job, { namespace: o.namespace, timeoutMs: o.timeoutMs });
    const results = await drain(client, resultsUrl);
    const byItem = new Map<number, ItemResult>();
    for (const r of results) {
      const it = byItem.get(r.item) ?? { item: r.item, start: r.start, size: r.size, pod: r.pod, primes: 0 };
      if (!it.pod.split(', ').includes(r.pod)) it.pod += `, ${r.pod}`;
      it.primes += r.primes.length;
      byItem.set(r.item, it);
    }
    const left = await queueDepth(client, workUrl);
    return {
      range: { start, size },
      items: [...byItem.values()].sort((a, b) => a.item - b.item),
      job: { name: run.name, outcome: run.outcome, completions: items.length, parallelism, succeeded: run.succeeded, failed: run.failed, wallSec: run.wallSec },
      pods: run.pods,
      check: checkPrimes(start, size, results.flatMap((r) => r.primes)),
      itemsLeft: left.visible + left.inFlight,
    };
  } finally {
    client.destroy();
  }
}
