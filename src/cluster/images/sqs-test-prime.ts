import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { isUserError } from '../../cli/errors';
import { sqsClient } from '../../sqs/client';
import { resolveQueues } from '../../sqs/load/queues';
import { MAX_PRIME_RANGE, primesInRange } from './primes';
import type { SqsTestSettings } from './sqs-test-config';
import type { ContainerContext } from './types';

/**
 * Seed 004's work-queue pattern with SQS instead of RabbitMQ: a Job initiator puts one message per
 * range on a queue and creates a Job with completions = work items; each pod takes exactly one item,
 * writes its primes (to a results queue, or its log as maho/pn_generator does), deletes the message
 * and exits 0. The delete comes last, so a pod killed half-way leaves its item for the next pod.
 */

/** One work item: the range [start, start + size). */
export interface PrimeWorkItem {
  item: number;
  start: number;
  size: number;
}

/** One results-queue message: (part of) the primes of one item. Large items take several messages. */
export interface PrimeResult {
  item: number;
  start: number;
  size: number;
  pod: string;
  /** This message's part and the item's number of parts. */
  part: number;
  parts: number;
  primes: number[];
}

/** Primes per result message: 50,000 numbers of at most 16 digits stay under SQS's 1 MiB. */
export const PRIMES_PER_RESULT = 50_000;

export function parseWorkItem(body: string | undefined): PrimeWorkItem | undefined {
  try {
    const v = JSON.parse(body ?? '') as Partial<PrimeWorkItem>;
    const ok = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
    return ok(v.item) && ok(v.start) && ok(v.size) ? { item: v.item!, start: v.start!, size: v.size! } : undefined;
  } catch {
    return undefined;
  }
}

async function writeResults(ctx: ContainerContext, client: SQSClient, url: string | undefined, w: PrimeWorkItem, primes: number[]): Promise<number> {
  if (url === undefined) {
    for (let i = 0; i < primes.length; i += 4096) ctx.stdout(primes.slice(i, i + 4096).join('\n') + '\n');
    return 0;
  }
  const parts = Math.max(1, Math.ceil(primes.length / PRIMES_PER_RESULT));
  for (let part = 0; part < parts; part++) {
    const r: PrimeResult = { ...w, pod: ctx.podName, part, parts, primes: primes.slice(part * PRIMES_PER_RESULT, (part + 1) * PRIMES_PER_RESULT) };
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(r) }), { abortSignal: ctx.signal });
  }
  return parts;
}

export async function primeWorker(ctx: ContainerContext, s: SqsTestSettings): Promise<number> {
  const client = sqsClient({ endpoint: s.endpoint, maxSockets: 4 });
  try {
    let work: string;
    let results: string | undefined;
    try {
      const names = s.resultsQueue ? [s.queue, s.resultsQueue] : [s.queue];
      [work, results] = (await resolveQueues(client, names, { create: s.createQueues, where: s.endpoint })).map((q) => q.url);
    } catch (e) {
      if (!isUserError(e)) throw e;
      ctx.stderr(`sqs-test prime-worker: ${e.message}; set SQS_ENDPOINT, QUEUE and RESULTS_QUEUE in the pod spec\n`);
      return 1;
    }
    const wait = s.waitSec ?? 5;
    ctx.stdout(`sqs-test prime-worker: taking one item from ${s.queue} at ${s.endpoint}\n`);
    const r = await client.send(new ReceiveMessageCommand({ QueueUrl: work, MaxNumberOfMessages: 1, WaitTimeSeconds: wait }), { abortSignal: ctx.signal });
    const msg = r.Messages?.[0];
    if (!msg) {
      ctx.stderr(`sqs-test prime-worker: no work item in ${s.queue} after waiting ${wait} s\n`);
      return 1;
    }
    const w = parseWorkItem(msg.Body);
    if (!w || w.size > MAX_PRIME_RANGE) {
      // Not deleted: after maxReceiveCount receives a redrive policy moves it to the DLQ.
      ctx.stderr(`sqs-test prime-worker: not a work item (want {"item":0,"start":2,"size":1000}, size ≤ ${MAX_PRIME_RANGE}): ${String(msg.Body).slice(0, 120)}\n`);
      return 1;
    }
    const primes = primesInRange(w.start, w.size);
    const parts = await writeResults(ctx, client, results, w, primes);
    await client.send(new DeleteMessageCommand({ QueueUrl: work, ReceiptHandle: msg.ReceiptHandle! }), { abortSignal: ctx.signal });
    ctx.stdout(`item ${w.item} [${w.start}, ${w.start + w.size}): ${primes.length} primes${results ? ` in ${parts} result message${parts === 1 ? '' : 's'} to ${s.resultsQueue}` : ''}\n`);
    return 0;
  } catch (e) {
    if (ctx.signal.aborted) {
      ctx.stdout('sqs-test: stopped by SIGTERM (the item, if any, was not deleted and returns to the queue)\n');
      return 143;
    }
    throw e;
  } finally {
    client.destroy();
  }
}
