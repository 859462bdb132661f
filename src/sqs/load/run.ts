import crypto from 'node:crypto';
import { UserError } from '../../cli/errors';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { checkAwsCredentials, sqsClient } from '../client';
import { consume, ConsumerOptions } from './consumer';
import { produce, ProducerOptions } from './producer';
import { dlqDepth, pollFailure, remainingDepth, resolveQueues, ResolvedQueue } from './queues';
import { lossAccounting, type LoadReport } from './report';
import { LoadStats } from './stats';
import { checkBatch, checkEndpoint, checkPositive, checkQueues, checkRange, checkRate01, checkSize } from './validate';

/** Where the load goes: the embedded endpoint (default) or real SQS with `aws`. */
export interface LoadTarget {
  endpoint?: string;
  aws?: boolean;
  region?: string;
  queues: string[];
  /** Create missing queues (never deleted afterwards). Without it an unknown queue is an error. */
  createQueues?: boolean;
  maxAttempts?: number;
  /** Called every 250 ms with the live counters (progress bars, notebook displays). */
  onTick?: (stats: LoadStats) => void;
  /** Real AWS: called after the credentials check and before the first request (cost print, y/N). */
  confirm?: () => Promise<void>;
  /** Counts from the embedded endpoint's injector, added to the report when given. */
  injected?: () => import('../endpoint/inject').InjectedCounts;
}

export type SendOptions = Omit<ProducerOptions, 'runId'> & { runId?: string };
export type ReceiveOptions = ConsumerOptions & { expect?: number; maxSec?: number };
export type RunOptions = SendOptions &
  Omit<ReceiveOptions, 'messages' | 'concurrency' | 'batch'> & {
    consumerConcurrency?: number;
    receiveBatch?: number;
    /** Closed loop only: the producer waits while more than this many sent messages are unprocessed (default 5,000), so the endpoint's memory stays bounded. */
    maxBacklog?: number;
  };

export function newRunId(): string {
  return crypto.randomBytes(4).toString('hex');
}

interface Session {
  client: SQSClient;
  queues: ResolvedQueue[];
  stats: LoadStats;
  where: string;
  cpu0: NodeJS.CpuUsage;
  peakRss: number;
  ticker: NodeJS.Timeout;
}

export function endpointLabel(t: LoadTarget): string {
  return t.aws ? `AWS SQS (${t.region ?? process.env.AWS_REGION ?? 'default region'})` : t.endpoint ?? 'http://127.0.0.1:4566';
}

async function open(t: LoadTarget): Promise<Session> {
  checkQueues(t.queues);
  if (!t.aws && t.endpoint !== undefined) checkEndpoint(t.endpoint);
  checkPositive('--max-attempts', t.maxAttempts);
  const stats = new LoadStats();
  const client = sqsClient({ endpoint: t.endpoint, aws: t.aws, region: t.region, maxAttempts: t.maxAttempts }, stats.attempts);
  try {
    if (t.aws) await checkAwsCredentials(client);
    await t.confirm?.();
  } catch (e) {
    client.destroy();
    throw e;
  }
  const where = endpointLabel(t);
  let queues: ResolvedQueue[];
  try {
    queues = await resolveQueues(client, t.queues, { create: t.createQueues, where, aws: t.aws });
  } catch (e) {
    client.destroy();
    throw e;
  }
  // Preflight calls are not part of the load: start counting now.
  stats.attempts.reset();
  const s: Session = { client, queues, stats, where, cpu0: process.cpuUsage(), peakRss: process.memoryUsage().rss, ticker: undefined as unknown as NodeJS.Timeout };
  s.ticker = setInterval(() => {
    s.peakRss = Math.max(s.peakRss, process.memoryUsage().rss);
    t.onTick?.(stats);
  }, 250);
  return s;
}

function report(s: Session, t: LoadTarget, mode: LoadReport['mode'], runId: string, extra: Partial<LoadReport>): LoadReport {
  clearInterval(s.ticker);
  t.onTick?.(s.stats);
  const st = s.stats;
  const dur = st.elapsedSec();
  const cpu = process.cpuUsage(s.cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const moved = mode === 'receive' ? st.received : st.sent + (mode === 'run' ? st.received : 0);
  const lat: LoadReport['latencyMs'] = {};
  if (mode !== 'receive') lat.send = st.send.summary();
  if (mode !== 'send') {
    lat.receive = st.receive.summary();
    lat.delete = st.del.summary();
    lat.endToEnd = st.e2e.summary();
  }
  return {
    mode,
    runId,
    endpoint: s.where,
    queues: s.queues.map((q) => q.name),
    settings: { batch: 10, concurrency: { auto: false } },
    durationSec: dur,
    sent: st.sent,
    sendFailed: st.sendFailed,
    received: st.received,
    duplicates: st.duplicates,
    handlerFailures: st.handlerFailures,
    deliveries: st.deliveries,
    accounting: null,
    throughput: { sendPerSec: st.sent / dur, receivePerSec: st.received / dur },
    latencyMs: lat,
    requests: { send: st.sendCalls, receive: st.receiveCalls, emptyReceives: st.emptyReceives, delete: st.deleteCalls, attempts: st.attempts.attempts },
    retries: st.attempts.retries,
    errorsByType: { ...st.attempts.byType },
    failedCalls: { ...st.failedCalls },
    injected: t.injected?.(),
    cpuSeconds,
    msgPerCpuSecond: cpuSeconds ? moved / cpuSeconds : 0,
    peakRssMB: Math.max(s.peakRss, process.memoryUsage().rss) / 2 ** 20,
    timeline: st.timeline(),
    notes: [],
    ...extra,
  };
}

function checkSend(o: SendOptions): void {
  checkBatch(o.batch ?? 10);
  checkSize(o.size ?? 10240, o.batch ?? 10);
  checkPositive('--messages', o.messages);
  checkPositive('--duration', o.durationSec, { integer: false });
  checkPositive('--concurrency', o.concurrency);
  checkPositive('--rate', o.rate, { integer: false });
  checkRate01('--poison', o.poisonRate);
  if (o.messages === undefined && o.durationSec === undefined) throw new UserError('say how much to send: --messages N or --duration SECONDS');
}

function checkReceive(o: ReceiveOptions): void {
  checkBatch(o.batch ?? 10);
  checkPositive('--messages', o.messages);
  checkPositive('--idle', o.idleSec, { integer: false });
  checkPositive('--concurrency', o.concurrency);
  checkPositive('--handler-ms', o.handlerMs, { integer: false, zero: true });
  checkRange('--visibility', o.visibilityTimeout, 0, 43200, 'SQS visibility timeouts are 0 s to 12 hours');
  checkPositive('--expect', o.expect, { zero: true });
  checkRate01('--fail-rate', o.failRate);
}

/** `kit sqs load send`: produce only. */
export async function loadSend(t: LoadTarget, o: SendOptions): Promise<LoadReport> {
  checkSend(o);
  const s = await open(t);
  const runId = o.runId ?? newRunId();
  try {
    const p = await produce(s.client, s.queues, { ...o, runId }, s.stats);
    return report(s, t, 'send', runId, {
      settings: { batch: o.batch ?? 10, size: o.size ?? 10240, concurrency: { producer: p.concurrency, auto: p.autoConcurrency }, rate: o.rate },
    });
  } finally {
    clearInterval(s.ticker);
    s.client.destroy();
  }
}

function withDeadline(o: ReceiveOptions): ReceiveOptions {
  if (o.maxSec === undefined) return o;
  const end = performance.now() + o.maxSec * 1000;
  return { ...o, done: () => performance.now() >= end || !!o.done?.() };
}

/** `kit sqs load receive`: consume only; with `expect` the report accounts for losses. */
export async function loadReceive(t: LoadTarget, o: ReceiveOptions): Promise<LoadReport> {
  checkReceive(o);
  const s = await open(t);
  try {
    const dlq0 = await dlqDepth(s.client, s.queues);
    const c = await consume(s.client, s.queues, withDeadline(o), s.stats);
    if (c.stoppedBy === 'errors') throw pollFailure(c.lastError!, o.idleSec ?? 5, s.where, !!t.aws, s.stats.received);
    const dlq = await dlqDepth(s.client, s.queues);
    const remaining = await remainingDepth(s.client, s.queues);
    const accounting = o.expect === undefined ? null : lossAccounting(o.expect, s.stats.received, dlq - dlq0, remaining);
    return report(s, t, 'receive', 'receive', {
      settings: { batch: o.batch ?? 10, concurrency: { consumer: c.concurrency, auto: c.autoConcurrency } },
      dlqDepth: dlq,
      accounting,
      stoppedBy: c.stoppedBy,
      crashed: c.crashed,
      notes: accounting ? [] : ['pass --expect N (messages sent) to account for lost messages'],
    });
  } finally {
    clearInterval(s.ticker);
    s.client.destroy();
  }
}

/** `kit sqs load run`: producers and consumers at once; end-to-end latency and loss accounting. */
export async function loadRun(t: LoadTarget, o: RunOptions): Promise<LoadReport> {
  checkSend(o);
  checkReceive({ ...o, batch: o.receiveBatch, concurrency: o.consumerConcurrency, messages: undefined });
  checkPositive('--max-backlog', o.maxBacklog);
  const s = await open(t);
  const runId = o.runId ?? newRunId();
  try {
    const dlq0 = await dlqDepth(s.client, s.queues);
    const before = await remainingDepth(s.client, s.queues);
    let producing = true;
    let dlqNow = dlq0;
    let queuedNow = before;
    // Everything sent is processed or in a DLQ: the consumers can stop.
    const poll = setInterval(() => {
      dlqDepth(s.client, s.queues).then((d) => (dlqNow = d), () => undefined);
      // Only needed once the producer is done (holdIdle); before that it would be load (and, on AWS, billed requests).
      if (!producing) remainingDepth(s.client, s.queues).then((d) => (queuedNow = d), () => undefined);
    }, 500);
    const accounted = () => !producing && s.stats.receivedOf(runId) + (dlqNow - dlq0) >= s.stats.sent;
    // Messages of this run still in flight (a ReceiveMessage answer lost on the way, a crashed handler)
    // come back after the visibility timeout: empty queues do not stop the consumers until then.
    const visibilitySec = o.visibilityTimeout ?? Math.max(...s.queues.map((q) => q.visibilityTimeout ?? 30));
    let holdUntil: number | undefined;
    const holdIdle = () => {
      if (producing || accounted() || queuedNow - before <= 0) return false;
      holdUntil ??= performance.now() + (visibilitySec + 3) * 1000;
      return performance.now() < holdUntil;
    };
    // Short long polls: the consumers stop within one poll of the last message being accounted for.
    const waitSec = o.waitSec ?? Math.min(2, Math.floor(o.idleSec ?? 5));
    const consumer = consume(s.client, s.queues, withDeadline({ ...o, waitSec, batch: o.receiveBatch, concurrency: o.consumerConcurrency, messages: undefined, done: accounted, holdIdle }), s.stats);
    const maxBacklog = o.maxBacklog ?? 5_000;
    const gate = async () => {
      while (s.stats.sent - s.stats.receivedOf(runId) - (dlqNow - dlq0) > maxBacklog) await new Promise((r) => setTimeout(r, 5));
    };
    let p;
    try {
      p = await produce(s.client, s.queues, { ...o, runId, gate }, s.stats);
    } finally {
      producing = false;
      remainingDepth(s.client, s.queues).then((d) => (queuedNow = d), () => undefined);
    }
    const c = await consumer;
    clearInterval(poll);
    if (c.stoppedBy === 'errors') throw pollFailure(c.lastError!, o.idleSec ?? 5, s.where, !!t.aws, s.stats.receivedOf(runId));
    const dlq = await dlqDepth(s.client, s.queues);
    const remaining = await remainingDepth(s.client, s.queues);
    const received = s.stats.receivedOf(runId);
    const notes = before ? [`the queues held ${before} messages before the run; loss accounting assumes they belong to other runs`] : [];
    return report(s, t, 'run', runId, {
      settings: { batch: o.batch ?? 10, size: o.size ?? 10240, concurrency: { producer: p.concurrency, consumer: c.concurrency, auto: p.autoConcurrency || c.autoConcurrency, autoProducer: p.autoConcurrency, autoConsumer: c.autoConcurrency }, rate: o.rate },
      dlqDepth: dlq,
      accounting: lossAccounting(s.stats.sent, received, dlq - dlq0, Math.max(0, remaining - before)),
      stoppedBy: c.stoppedBy,
      crashed: c.crashed,
      notes,
    });
  } finally {
    clearInterval(s.ticker);
    s.client.destroy();
  }
}
