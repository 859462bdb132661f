import { setMaxListeners } from 'node:events';
import { DeleteMessageBatchCommand, Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { errorType } from '../client';
import { nowMs, parseBody } from './body';
import { runPool } from './pool';
import type { ResolvedQueue } from './queues';
import type { LoadStats } from './stats';

export interface ConsumerOptions {
  /** Stop after this many messages were processed (duplicates not counted). */
  messages?: number;
  /** Stop when every queue stayed empty this long (seconds; default 5). */
  idleSec?: number;
  /** MaxNumberOfMessages per ReceiveMessage, 1–10. */
  batch?: number;
  /** Long-poll WaitTimeSeconds, 0–20 (default: the idle time, at most 20). */
  waitSec?: number;
  /** VisibilityTimeout per receive, seconds; a failed message reappears after it. Queue default when left out. */
  visibilityTimeout?: number;
  /** Simulated handler time per received batch (its messages are handled in parallel), ms. */
  handlerMs?: number;
  /** Chance that handling one message fails; failed messages are not deleted, so redrive moves them to the DLQ. */
  failRate?: number;
  /** Parallel receive loops; automatic (ramped) when left out. */
  concurrency?: number;
  /**
   * The bug lab (b) is about: delete a batch before handling it. With `crashAfter` the consumer stops
   * dead after deleting the batch that reaches that many received messages, before handling it.
   */
  deleteBeforeProcess?: boolean;
  crashAfter?: number;
  /** Run mode: stop once this returns true (everything sent is accounted for). */
  done?: () => boolean;
  /** Run mode: while this returns true, empty queues do not stop the consumer (messages still in flight elsewhere). */
  holdIdle?: () => boolean;
  random?: () => number;
}

export interface ConsumerResult {
  concurrency: number;
  autoConcurrency: boolean;
  crashed: boolean;
  /** Why it stopped: 'count', 'idle', 'done', 'crash' or 'errors' (every poll failed for the idle time). */
  stoppedBy: string;
  /** With 'errors': the type of the last failure (ECONNREFUSED, RequestThrottled, …). */
  lastError?: string;
}

/** Receives, handles and deletes messages. Pure like produce(): a client, queues, options, stats. */
export async function consume(client: SQSClient, queues: ResolvedQueue[], opts: ConsumerOptions, stats: LoadStats): Promise<ConsumerResult> {
  const batch = opts.batch ?? 10;
  const idleMs = (opts.idleSec ?? 5) * 1000;
  const waitSec = opts.waitSec ?? Math.min(20, Math.floor(idleMs / 1000));
  const random = opts.random ?? Math.random;
  const abort = new AbortController();
  const crashes = opts.deleteBeforeProcess === true && opts.crashAfter !== undefined;
  setMaxListeners(0, abort.signal); // one listener per receive in flight: many is expected, not a leak
  let lastMessageAt = performance.now();
  // When the polls started failing with no success since (undefined while one succeeds).
  let failingSince: number | undefined;
  let lastError: string | undefined;
  // Per queue: when it last answered empty (undefined after it returned messages). Idle means every
  // queue answered empty and nothing arrived for idleSec; polling only the empty ones must not count.
  const emptySince = new Map<ResolvedQueue, number | undefined>(queues.map((q) => [q, undefined]));
  let receivedTotal = 0;
  let k = 0;
  let stoppedBy = '';
  // Stopping is graceful: no new polls, and the polls in flight finish (≤ waitSec) and their messages are
  // handled. Aborting them would orphan them on the server, which still hands them the next messages that
  // arrive; those stay invisible until their visibility timeout (real SQS does the same). Only a crash aborts.
  const stop = (why: string) => {
    if (!stoppedBy) stoppedBy = why;
    if (why === 'crash') abort.abort();
  };
  const finished = () => {
    if (stoppedBy) return true;
    if (opts.messages !== undefined && stats.received >= opts.messages) stop('count');
    else if (opts.done?.()) stop('done');
    else if (failingSince !== undefined && performance.now() - failingSince >= idleMs && performance.now() - lastMessageAt >= idleMs) stop('errors');
    else if (performance.now() - lastMessageAt >= idleMs && [...emptySince.values()].every((t) => t !== undefined) && !opts.holdIdle?.()) stop('idle');
    return !!stoppedBy;
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const deleteAll = async (queue: ResolvedQueue, msgs: Message[]) => {
    if (!msgs.length) return;
    const start = performance.now();
    stats.deleteCalls++;
    try {
      const r = await client.send(new DeleteMessageBatchCommand({ QueueUrl: queue.url, Entries: msgs.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
      stats.del.recordMs(performance.now() - start);
      for (const f of r.Failed ?? []) {
        stats.deleteFailed++;
        stats.failCall(f.Code ?? 'DeleteEntryFailed');
      }
    } catch (e) {
      stats.deleteFailed += msgs.length;
      stats.failCall(errorType(e));
    }
  };

  const handle = async (msgs: Message[]): Promise<Message[]> => {
    if (opts.handlerMs) await sleep(opts.handlerMs);
    const now = nowMs();
    const done: Message[] = [];
    let fresh = 0;
    for (const m of msgs) {
      const h = parseBody(m.Body);
      if (!h) {
        done.push(m); // not the kit's: count it and delete it
        fresh++;
        continue;
      }
      // An idempotent consumer: an id already handled is a duplicate (at-least-once), deleted unhandled.
      if (stats.wasProcessed(h.run, h.seq)) {
        stats.duplicates++;
        done.push(m);
        continue;
      }
      if (h.poison || (opts.failRate && random() < opts.failRate)) {
        stats.handlerFailures++;
        continue; // not deleted: visible again after the visibility timeout, then redriven to the DLQ
      }
      stats.markProcessed(h.run, h.seq);
      done.push(m);
      fresh++;
      stats.e2e.recordMs(now - h.t);
    }
    stats.addReceived(fresh);
    return done;
  };

  const worker = async (): Promise<boolean> => {
    if (finished()) return false;
    // Round-robin, skipping queues that just answered empty while others still have messages.
    const busy = queues.filter((q) => emptySince.get(q) === undefined);
    const pool = busy.length ? busy : queues;
    const queue = pool[k++ % pool.length];
    const start = performance.now();
    let msgs: Message[];
    stats.receiveCalls++;
    try {
      // Wait no longer than the idle time left, so an idle stop comes within about a second of it.
      const wait = Math.min(waitSec, Math.max(1, Math.ceil((idleMs - (start - lastMessageAt)) / 1000)));
      const cmd = new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: batch, WaitTimeSeconds: wait, VisibilityTimeout: opts.visibilityTimeout });
      // Only a crash aborts a poll; a call with options bypasses the client's cached middleware chain.
      const r = await (crashes ? client.send(cmd, { abortSignal: abort.signal }) : client.send(cmd));
      msgs = r.Messages ?? [];
    } catch (e) {
      if (abort.signal.aborted) return false;
      lastError = errorType(e);
      failingSince ??= start;
      stats.failCall(lastError);
      await sleep(50); // the SDK already retried; pause before the next poll
      return true;
    }
    stats.receive.recordMs(performance.now() - start);
    failingSince = undefined;
    if (!msgs.length) {
      stats.emptyReceives++;
      // A long poll that answers empty saw the queue empty since it started.
      if (emptySince.get(queue) === undefined) emptySince.set(queue, start);
      return !finished();
    }
    lastMessageAt = performance.now();
    emptySince.set(queue, undefined);
    receivedTotal += msgs.length;
    stats.deliveries += msgs.length;
    if (opts.deleteBeforeProcess) {
      await deleteAll(queue, msgs);
      if (opts.crashAfter !== undefined && receivedTotal >= opts.crashAfter) {
        stop('crash'); // deleted, never handled: these messages are gone
        return false;
      }
      await handle(msgs);
    } else {
      await deleteAll(queue, await handle(msgs));
    }
    return !finished();
  };

  // Beyond 32 loops the embedded endpoint got slower in bench:sqs (more SDK calls in flight than one core serves).
  const r = await runPool({ concurrency: opts.concurrency, progress: () => stats.received, worker, maxConcurrency: 32 });
  return { concurrency: r.concurrency, autoConcurrency: r.auto, crashed: stoppedBy === 'crash', stoppedBy: stoppedBy || 'idle', lastError: stoppedBy === 'errors' ? lastError : undefined };
}
