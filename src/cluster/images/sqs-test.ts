import type { SQSClient } from '@aws-sdk/client-sqs';
import { isUserError } from '../../cli/errors';
import { sqsClient } from '../../sqs/client';
import { consume } from '../../sqs/load/consumer';
import { produce } from '../../sqs/load/producer';
import { resolveQueues, type ResolvedQueue } from '../../sqs/load/queues';
import { LoadStats } from '../../sqs/load/stats';
import { checkSize } from '../../sqs/load/validate';
import { newRunId } from '../../sqs/load/run';
import { readSettings, SettingError, SETTINGS, type SqsTestSettings } from './sqs-test-config';
import { primeWorker } from './sqs-test-prime';
import type { ContainerContext, Program } from './types';

/**
 * The seed's `sqs_test` image (send.py and receive.py on python:3.8-slim), as the kit's own load
 * tester: `sqs-test send` runs the producer, `sqs-test receive` the consumer, `sqs-test
 * prime-worker` takes one work item (seed 004's pattern). Settings come from env vars or flags
 * (sqs-test-config.ts). The SQS traffic is real HTTP on the real clock; only the pod's life
 * follows the cluster's virtual clock.
 */

/** The last line a send or receive pod logs; the Job experiment reads it back from `kubectl logs`. */
export interface SqsTestSummary {
  verb: 'sent' | 'received';
  messages: number;
  /** Seconds from the first request to the last message (receive: without the idle wait at the end). */
  seconds: number;
  msgPerSec: number;
  /** send: messages that failed; receive: duplicates seen (at-least-once). */
  failed: number;
  duplicates: number;
}

export function formatSummary(s: Omit<SqsTestSummary, 'msgPerSec'>): string {
  const rate = s.seconds > 0 ? Math.round(s.messages / s.seconds) : 0;
  const tail = s.verb === 'sent' ? `${s.failed} failed` : `${s.duplicates} duplicates`;
  return `${s.verb} ${s.messages} messages in ${s.seconds.toFixed(2)} s: ${rate} msg/s (${tail})`;
}

const SUMMARY = /^(sent|received) (\d+) messages in ([\d.]+) s: (\d+) msg\/s \((\d+) (failed|duplicates)\)$/m;

/** Reads the summary line of a send or receive pod's log; undefined when the pod never got that far. */
export function parseSummary(log: string): SqsTestSummary | undefined {
  const m = SUMMARY.exec(log);
  if (!m) return undefined;
  const n = Number(m[5]);
  return { verb: m[1] as SqsTestSummary['verb'], messages: Number(m[2]), seconds: Number(m[3]), msgPerSec: Number(m[4]), failed: m[6] === 'failed' ? n : 0, duplicates: m[6] === 'duplicates' ? n : 0 };
}

/** Exit code for SIGTERM (128 + 15), which the program returns itself after a clean stop. */
const SIGTERM_EXIT = 143;

/** The client and queues, or a log line and exit 1 when the endpoint or a queue is not there. */
async function connect(ctx: ContainerContext, s: SqsTestSettings, names: string[]): Promise<{ client: SQSClient; queues: ResolvedQueue[] } | number> {
  const client = sqsClient({ endpoint: s.endpoint, maxSockets: 64 });
  try {
    return { client, queues: await resolveQueues(client, names, { create: s.createQueues, where: s.endpoint }) };
  } catch (e) {
    client.destroy();
    if (!isUserError(e)) throw e;
    const hint = /cannot reach/.test(e.message)
      ? 'set SQS_ENDPOINT in the pod spec to the URL `kit sqs start` (or `kit start`) printed'
      : 'declare the queue in .kit/sqs.yaml, or set CREATE_QUEUES=true in the pod spec';
    ctx.stderr(`sqs-test: ${e.message}; ${hint}\n`);
    return 1;
  }
}

/** Logs progress every 5 s of real time, like the seed's terminal. */
function progress(ctx: ContainerContext, verb: string, count: () => number): () => void {
  let last = 0;
  const timer = setInterval(() => {
    const n = count();
    ctx.stdout(`${verb} ${n} messages so far (${Math.round((n - last) / 5)} msg/s)\n`);
    last = n;
  }, 5000);
  return () => clearInterval(timer);
}

const send = async (ctx: ContainerContext, s: SqsTestSettings): Promise<number> => {
  const messages = s.messages ?? 1000;
  checkSize(s.size, s.batch);
  const c = await connect(ctx, s, s.queues);
  if (typeof c === 'number') return c;
  ctx.stdout(`sqs-test send: ${messages} messages of ${s.size} bytes to ${s.queues.join(',')} at ${s.endpoint} (batches of ${s.batch}, concurrency ${s.concurrency ?? 'auto'})\n`);
  const stats = new LoadStats();
  const stopProgress = progress(ctx, 'sent', () => stats.sent);
  // SIGTERM: no new batches (the gate never opens again); the batches in flight finish.
  let inFlight = 0;
  const client = Object.create(c.client) as SQSClient;
  client.send = ((...a: Parameters<SQSClient['send']>) => {
    inFlight++;
    return (c.client.send as (...x: unknown[]) => Promise<unknown>)(...a).finally(() => inFlight--);
  }) as SQSClient['send'];
  const killed = new Promise<'killed'>((resolve) => ctx.signal.addEventListener('abort', () => resolve('killed'), { once: true }));
  const closed = new Promise<void>(() => undefined);
  try {
    const how = await Promise.race([
      produce(client, c.queues, { messages, size: s.size, batch: s.batch, concurrency: s.concurrency, runId: newRunId(), gate: () => (ctx.signal.aborted ? closed : Promise.resolve()) }, stats),
      killed,
    ]);
    if (how === 'killed') while (inFlight > 0) await new Promise((r) => setTimeout(r, 5));
    stopProgress();
    ctx.stdout(formatSummary({ verb: 'sent', messages: stats.sent, seconds: stats.elapsedSec(), failed: stats.sendFailed, duplicates: 0 }) + '\n');
    if (how === 'killed') {
      ctx.stdout('sqs-test: stopped by SIGTERM\n');
      return SIGTERM_EXIT;
    }
    return stats.sendFailed ? 1 : 0;
  } finally {
    stopProgress();
    c.client.destroy();
  }
};

const receive = async (ctx: ContainerContext, s: SqsTestSettings): Promise<number> => {
  const c = await connect(ctx, s, s.queues);
  if (typeof c === 'number') return c;
  ctx.stdout(`sqs-test receive: from ${s.queues.join(',')} at ${s.endpoint} until ${s.messages !== undefined ? `${s.messages} messages or ` : ''}${s.idleSec} s without messages (batches of ${s.batch}, concurrency ${s.concurrency ?? 'auto'})\n`);
  const stats = new LoadStats();
  const stopProgress = progress(ctx, 'received', () => stats.received);
  // The rate counts up to the last message, not the idle wait that ends the drain.
  let lastAt = performance.now();
  let lastCount = 0;
  const watch = setInterval(() => {
    if (stats.received !== lastCount) [lastCount, lastAt] = [stats.received, performance.now()];
  }, 20);
  try {
    // SIGTERM: no new polls; those in flight finish (≤ the long-poll wait) and their messages are handled.
    await consume(c.client, c.queues, { messages: s.messages, idleSec: s.idleSec, waitSec: s.waitSec, batch: s.batch, concurrency: s.concurrency, done: () => ctx.signal.aborted }, stats);
    clearInterval(watch);
    if (stats.received !== lastCount) lastAt = performance.now();
    stopProgress();
    const seconds = stats.received ? (lastAt - stats.started) / 1000 : 0;
    ctx.stdout(formatSummary({ verb: 'received', messages: stats.received, seconds, failed: 0, duplicates: stats.duplicates }) + '\n');
    if (ctx.signal.aborted) {
      ctx.stdout('sqs-test: stopped by SIGTERM\n');
      return SIGTERM_EXIT;
    }
    return 0;
  } finally {
    clearInterval(watch);
    stopProgress();
    c.client.destroy();
  }
};

const USAGE = `usage: sqs-test send | receive | prime-worker [--flag value …]\n${SETTINGS.map((x) => `  --${x.flag.padEnd(14)} ${x.env.padEnd(14)} ${x.help}`).join('\n')}\n`;

/** `sqs-test <command>`: the image's one program. */
export const sqsTest: Program = async (argv, ctx) => {
  const [command, ...args] = argv.slice(1);
  const commands: Record<string, (ctx: ContainerContext, s: SqsTestSettings) => Promise<number>> = { send, receive, 'prime-worker': primeWorker };
  if (!command || command === '--help' || command === 'help') {
    ctx.stdout(USAGE);
    return command ? 0 : 2;
  }
  const run = commands[command];
  if (!run) {
    ctx.stderr(`sqs-test: unknown command "${command}"\n${USAGE}`);
    return 2;
  }
  try {
    return await run(ctx, readSettings(args, ctx.env));
  } catch (e) {
    if (!(e instanceof SettingError) && !isUserError(e)) throw e;
    ctx.stderr(`sqs-test ${command}: ${e.message}\n`);
    return 1;
  }
};
