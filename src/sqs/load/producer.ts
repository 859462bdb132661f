import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { errorType, presetBatchBody } from '../client';
import { batchRequestBody, makeBody, nowMs } from './body';
import { runPool } from './pool';
import type { ResolvedQueue } from './queues';
import type { LoadStats } from './stats';

export interface ProducerOptions {
  /** Messages to send in total (across all queues). Either this or durationSec. */
  messages?: number;
  durationSec?: number;
  /** Body size in bytes (default 10 KiB, the seed's). */
  size?: number;
  /** Messages per SendMessageBatch, 1–10. */
  batch?: number;
  /** Parallel requests in flight; automatic (ramped to the endpoint's ceiling) when left out. */
  concurrency?: number;
  /** Open loop: target messages per second, whatever the endpoint's answers take. */
  rate?: number;
  /** Share of messages marked poison: every consumer fails them, so they end in the DLQ. */
  poisonRate?: number;
  /** Identifies this run's messages (8 characters); random by default. */
  runId: string;
  random?: () => number;
  /** Awaited before each batch: run mode holds the producer while the consumers fall behind. */
  gate?: () => Promise<void>;
}

export interface ProducerResult {
  concurrency: number;
  autoConcurrency: boolean;
}

/** Hands out the next batch: its first sequence number, size and queue (batches go round-robin over queues). */
class Batches {
  private next = 0;
  private k = 0;
  private readonly deadline: number;
  constructor(private readonly total: number, durationSec: number | undefined, private readonly batch: number, private readonly queues: ResolvedQueue[]) {
    this.deadline = durationSec === undefined ? Infinity : performance.now() + durationSec * 1000;
  }
  take(): { seq: number; n: number; queue: ResolvedQueue } | undefined {
    if (this.next >= this.total || performance.now() >= this.deadline) return undefined;
    const seq = this.next;
    const n = Math.min(this.batch, this.total - seq);
    this.next += n;
    return { seq, n, queue: this.queues[this.k++ % this.queues.length] };
  }
}

/**
 * Sends messages with SendMessageBatch. Pure: it takes a client and queues, so a container
 * workload (the Job experiment) can call it as well as the CLI.
 */
export async function produce(client: SQSClient, queues: ResolvedQueue[], opts: ProducerOptions, stats: LoadStats): Promise<ProducerResult> {
  const size = opts.size ?? 10 * 1024;
  const batch = opts.batch ?? 10;
  const random = opts.random ?? Math.random;
  const batches = new Batches(opts.messages ?? (opts.durationSec === undefined ? 0 : Infinity), opts.durationSec, batch, queues);

  const sendOne = async (b: { seq: number; n: number; queue: ResolvedQueue }, scheduledAt?: number) => {
    const t = nowMs();
    const Entries = [];
    const poison: boolean[] = [];
    for (let i = 0; i < b.n; i++) {
      poison.push(opts.poisonRate ? random() < opts.poisonRate : false);
      Entries.push({ Id: String(i), MessageBody: makeBody(opts.runId, b.seq + i, size, poison[i], t) });
    }
    presetBatchBody(Entries, batchRequestBody(b.queue.url, opts.runId, b.seq, size, poison, t));
    const start = performance.now();
    stats.sendCalls++;
    try {
      const r = await client.send(new SendMessageBatchCommand({ QueueUrl: b.queue.url, Entries }));
      // Open loop measures from the scheduled time, so a slow endpoint cannot hide queueing delay (coordinated omission).
      stats.send.recordMs(performance.now() - (scheduledAt ?? start));
      stats.addSent(r.Successful?.length ?? 0);
      for (const f of r.Failed ?? []) stats.failCall(f.Code ?? 'BatchEntryFailed', 1);
    } catch (e) {
      stats.failCall(errorType(e), b.n);
    }
  };

  if (opts.rate === undefined) {
    const r = await runPool({
      concurrency: opts.concurrency,
      // Run mode holds the producer at the backlog cap: past 32 ramped loops the extra 100 KB requests only
      // wait in memory (a run reached 64 loops and 299 MB, against the 300 MB goal).
      maxConcurrency: opts.gate && opts.concurrency === undefined ? 32 : undefined,
      progress: () => stats.sent,
      worker: async () => {
        if (opts.gate) await opts.gate();
        const b = batches.take();
        if (!b) return false;
        await sendOne(b);
        return true;
      },
    });
    return { concurrency: r.concurrency, autoConcurrency: r.auto };
  }

  // Open loop: batch k is due at start + k × batch / rate; whatever is due is sent, up to the in-flight cap.
  const cap = opts.concurrency ?? 1024;
  const interval = (batch / opts.rate) * 1000;
  const t0 = performance.now();
  let k = 0;
  let inFlight = 0;
  let peak = 0;
  const pending = new Set<Promise<void>>();
  for (;;) {
    const due = t0 + k * interval;
    const wait = due - performance.now();
    if (wait > 0) {
      await new Promise((r) => setTimeout(r, Math.min(wait, 50)));
      continue;
    }
    if (inFlight >= cap) {
      await Promise.race(pending);
      continue;
    }
    const b = batches.take();
    if (!b) break;
    k++;
    inFlight++;
    peak = Math.max(peak, inFlight);
    const p: Promise<void> = sendOne(b, due).finally(() => {
      inFlight--;
      pending.delete(p);
    });
    pending.add(p);
  }
  await Promise.all(pending);
  return { concurrency: peak, autoConcurrency: opts.concurrency === undefined };
}
