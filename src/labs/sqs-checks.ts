/**
 * Checks for labs on the embedded SQS endpoint. Each one runs the learner's own settings or code
 * against the lab's endpoint (with the lab's injected latency) and explains a shortfall with
 * numbers: Little's law for the rate, the loss accounting for the consumer, receive counts for
 * the redrive policy.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DeleteMessageBatchCommand, GetQueueAttributesCommand, GetQueueUrlCommand, PurgeQueueCommand, ReceiveMessageCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sqsClient } from '../sqs/client';
import { loadSend } from '../sqs/load';
import { queueDepth } from '../sqs/load/queues';
import { CrashExitCode } from './consumer-runner';
import { learnerEnv, typeCheckFile } from './typescript-check';
import type { CheckResult } from './checks';

export type SqsCheckSpec =
  | { type: 'sqsTargetRate'; queue: string; settings: string; minRate: number; seconds: number; size: number }
  | { type: 'sqsConsumer'; queue: string; file: string; messages: number; crashAt: number }
  | { type: 'sqsRedrive'; queue: string; maxReceiveCount: number; messages: number; seconds: number };

export const SqsFields: Record<SqsCheckSpec['type'], { required: string[]; optional: string[] }> = {
  sqsTargetRate: { required: ['queue', 'settings', 'minRate', 'seconds', 'size'], optional: [] },
  sqsConsumer: { required: ['queue', 'file', 'messages', 'crashAt'], optional: [] },
  sqsRedrive: { required: ['queue', 'maxReceiveCount', 'messages', 'seconds'], optional: [] },
};

export interface SqsCheckContext {
  /** The lab's endpoint. */
  endpoint: string;
  /** The learner's workspace (settings and code files are read there). */
  workspace: string;
}

const f0 = (n: number) => Math.round(n).toLocaleString('en-US');

async function urlOf(client: SQSClient, name: string): Promise<string> {
  return (await client.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
}

async function sendBodies(client: SQSClient, url: string, bodies: string[]): Promise<void> {
  for (let i = 0; i < bodies.length; i += 10) {
    const Entries = bodies.slice(i, i + 10).map((MessageBody, j) => ({ Id: String(j), MessageBody }));
    const r = await client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries }));
    if (r.Failed?.length) throw new Error(`SendMessageBatch failed for ${r.Failed.length} entries: ${r.Failed[0].Message}`);
  }
}

/** The learner's batch and concurrency, from a small JSON file in the workspace. */
function readSettings(file: string): { batch: number; concurrency: number } | CheckResult {
  const name = path.basename(file);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return { ok: false, reason: `${name} cannot be read: ${(e as Error).message.split('\n')[0]}`, hint: `it should look like {"batch": 10, "concurrency": 8}; \`kit lab reset\` puts the starter back` };
  }
  const o = (raw ?? {}) as { batch?: unknown; concurrency?: unknown };
  if (!(Number.isInteger(o.batch) && (o.batch as number) >= 1 && (o.batch as number) <= 10)) return { ok: false, reason: `${name}: batch is ${JSON.stringify(o.batch)}`, hint: 'SendMessageBatch takes 1–10 messages: set "batch" to an integer from 1 to 10' };
  if (!(Number.isInteger(o.concurrency) && (o.concurrency as number) >= 1 && (o.concurrency as number) <= 200))
    return { ok: false, reason: `${name}: concurrency is ${JSON.stringify(o.concurrency)}`, hint: 'set "concurrency" (requests in flight) to an integer from 1 to 200' };
  return { batch: o.batch as number, concurrency: o.concurrency as number };
}

/** Lab 04: the learner's batch × concurrency must reach minRate through the injected round trip. */
async function targetRate(c: SqsCheckContext, s: Extract<SqsCheckSpec, { type: 'sqsTargetRate' }>): Promise<CheckResult> {
  const settings = readSettings(path.join(c.workspace, s.settings));
  if ('ok' in settings) return settings;
  const { batch, concurrency } = settings;
  const r = await loadSend({ endpoint: c.endpoint, queues: [s.queue] }, { durationSec: s.seconds, size: s.size, batch, concurrency });
  const client = sqsClient({ endpoint: c.endpoint, maxAttempts: 2, maxSockets: 2 });
  try {
    await client.send(new PurgeQueueCommand({ QueueUrl: await urlOf(client, s.queue) }));
  } finally {
    client.destroy();
  }
  const rate = r.throughput.sendPerSec;
  if (rate >= s.minRate) return { ok: true };
  // Little's law: throughput = in flight ÷ time in the system; each request in flight carries `batch` messages.
  const rtt = (r.latencyMs.send?.p50 ?? 0) / 1000;
  const ceiling = rtt > 0 ? (concurrency * batch) / rtt : Infinity;
  const needed = Math.ceil(s.minRate * rtt);
  const law = rtt > 0 ? `Little's law: ${concurrency} in flight × ${batch} per batch ÷ ${(rtt * 1000).toFixed(0)} ms round trip = ${f0(ceiling)} msg/s at most` : '';
  const hint =
    ceiling < s.minRate * 1.1
      ? `${law}; ${f0(s.minRate)} msg/s needs concurrency × batch ≥ ${f0(s.minRate)} × ${rtt.toFixed(3)} s = ${f0(needed)} (with margin: more). Raise batch first (it is free: one request carries up to 10), then concurrency`
      : `${law}, yet it reached ${f0(rate)}: the tester ran out of CPU or the endpoint was busy; try a larger batch with fewer requests in flight`;
  return { ok: false, reason: `batch ${batch}, concurrency ${concurrency} sent ${f0(rate)} msg/s for ${s.seconds} s; the target is ${f0(s.minRate)} msg/s`, hint };
}

function runNode(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** Lab 05: the learner's consumer, crashed mid-batch and restarted, must lose nothing. */
async function consumer(c: SqsCheckContext, s: Extract<SqsCheckSpec, { type: 'sqsConsumer' }>): Promise<CheckResult> {
  const file = path.join(c.workspace, s.file);
  if (!fs.existsSync(file)) return { ok: false, reason: `${s.file} is not in the workspace`, hint: 'run `kit lab start` again to copy the starter file' };
  const build = path.join(c.workspace, '.build');
  const tc = typeCheckFile(file, build);
  if (!tc.js) {
    const more = tc.errors.length > 1 ? ` (and ${tc.errors.length - 1} more)` : '';
    return { ok: false, reason: `${tc.errors[0]}${more}`, hint: `fix the type error in ${s.file}; the check type-checks it (strict) before it runs it` };
  }
  const client = sqsClient({ endpoint: c.endpoint, maxAttempts: 3, maxSockets: 4 });
  try {
    const url = await urlOf(client, s.queue);
    await client.send(new PurgeQueueCommand({ QueueUrl: url }));
    const run = crypto.randomBytes(3).toString('hex');
    const bodies = Array.from({ length: s.messages }, (_, i) => `order-${run}-${i}`);
    await sendBodies(client, url, bodies);
    const record = path.join(build, `handled-${run}.txt`);
    fs.writeFileSync(record, '');
    const runner = path.join(__dirname, 'consumer-runner.js');
    const args = (crashAt: number) => [runner, tc.js!, c.endpoint, url, record, String(crashAt)];
    const first = await runNode(args(s.crashAt), learnerEnv(), 60_000);
    if (first.code !== CrashExitCode) {
      const why = first.stderr.trim().split('\n').filter(Boolean).pop() ?? `it exited ${first.code}`;
      return { ok: false, reason: `the consumer did not reach message ${s.crashAt} of ${s.messages}, where the check crashes it: ${why}`, hint: 'consume() must call handle(body) for every message it receives, until the queue is empty' };
    }
    // Restarted consumers drain what is left; messages of the crashed batch come back after the visibility timeout.
    const end = Date.now() + 60_000;
    let depth = await queueDepth(client, url);
    while (depth.visible + depth.inFlight > 0 && Date.now() < end) {
      const again = await runNode(args(0), learnerEnv(), 60_000);
      if (again.code !== 0) return { ok: false, reason: `the restarted consumer failed: ${again.stderr.trim().split('\n').pop()}`, hint: `run it yourself: the lab text shows how` };
      depth = await queueDepth(client, url);
      if (depth.visible + depth.inFlight > 0) await new Promise((r) => setTimeout(r, 250));
    }
    const lines = fs.readFileSync(record, 'utf8').split('\n').filter((l) => l.startsWith(`order-${run}-`));
    const handled = new Set(lines);
    const remaining = depth.visible + depth.inFlight;
    const lost = s.messages - handled.size - remaining;
    const duplicates = lines.length - handled.size;
    const accounting = `sent ${s.messages}, handled ${handled.size} (${duplicates} handled twice), DLQ 0, still queued ${remaining}: lost = ${s.messages} − ${handled.size} − 0 − ${remaining} = ${lost}`;
    if (lost > 0) {
      return {
        ok: false,
        reason: `${accounting}. The consumer crashed while handling message ${s.crashAt}; the rest of that batch was already deleted, so nobody will ever handle it`,
        hint: 'delete a message only after handle(body) returned for it (DeleteMessageBatch after the loop); a crash then leaves it in the queue and it comes back after the visibility timeout',
      };
    }
    if (remaining > 0) return { ok: false, reason: `${accounting}: the consumer stopped with messages left`, hint: 'receive until the queue answers empty' };
    return { ok: true };
  } finally {
    client.destroy();
  }
}

/** Lab 06: poison messages must move to a DLQ after maxReceiveCount receives and stop cycling. */
async function redrive(c: SqsCheckContext, s: Extract<SqsCheckSpec, { type: 'sqsRedrive' }>): Promise<CheckResult> {
  const client = sqsClient({ endpoint: c.endpoint, maxAttempts: 3, maxSockets: 4 });
  try {
    const url = await urlOf(client, s.queue);
    const attrs = (await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['RedrivePolicy'] }))).Attributes ?? {};
    const policy = attrs.RedrivePolicy ? (JSON.parse(attrs.RedrivePolicy) as { deadLetterTargetArn: string; maxReceiveCount: number | string }) : undefined;
    const dlqName = policy?.deadLetterTargetArn.slice(policy.deadLetterTargetArn.lastIndexOf(':') + 1);
    const dlqUrl = dlqName ? await urlOf(client, dlqName) : undefined;
    for (const u of [url, dlqUrl]) if (u) await client.send(new PurgeQueueCommand({ QueueUrl: u }));
    const run = crypto.randomBytes(3).toString('hex');
    await sendBodies(client, url, Array.from({ length: s.messages }, (_, i) => `poison-${run}-${i}`));
    // A consumer whose handler always fails: it receives and never deletes. VisibilityTimeout 0
    // makes each message visible again at once, so the cycles happen in seconds, not minutes.
    const receives = new Map<string, number>();
    const start = Date.now();
    const end = start + s.seconds * 1000;
    while (Date.now() < end) {
      const r = await client.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
      for (const m of r.Messages ?? []) receives.set(m.Body!, Math.max(receives.get(m.Body!) ?? 0, Number(m.Attributes?.ApproximateReceiveCount ?? 1)));
      if (!r.Messages?.length) {
        const d = await queueDepth(client, url);
        if (d.visible + d.inFlight === 0) break;
      }
    }
    const most = Math.max(0, ...receives.values());
    const total = [...receives.values()].reduce((a, b) => a + b, 0);
    let inDlq = 0;
    if (dlqUrl) {
      for (;;) {
        const r = await client.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
        const mine = (r.Messages ?? []).filter((m) => m.Body?.startsWith(`poison-${run}-`));
        inDlq += mine.length;
        if (!r.Messages?.length) break;
        await client.send(new DeleteMessageBatchCommand({ QueueUrl: dlqUrl, Entries: r.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
      }
    }
    const left = await queueDepth(client, url);
    await client.send(new PurgeQueueCommand({ QueueUrl: url }));
    const seen = `${s.messages} poison messages were received ${f0(total)} times in ${((Date.now() - start) / 1000).toFixed(1)} s (up to ${most} times each)`;
    if (!policy) {
      return { ok: false, reason: `${seen} and ${left.visible + left.inFlight} are still in ${s.queue}: with no redrive policy they cycle forever`, hint: `give ${s.queue} a DLQ in sqs.yaml (dlq: <queue>, maxReceiveCount: ${s.maxReceiveCount}) and check again: the check applies your sqs.yaml first` };
    }
    const max = Number(policy.maxReceiveCount);
    if (max > s.maxReceiveCount) {
      return { ok: false, reason: `${s.queue} moves a message to ${dlqName} only after ${max} receives; the lab allows at most ${s.maxReceiveCount} (${seen})`, hint: `each receive of a poison message is a wasted handler run: set maxReceiveCount: ${s.maxReceiveCount} (or fewer) in sqs.yaml and check again` };
    }
    if (inDlq < s.messages) {
      return { ok: false, reason: `${seen}; only ${inDlq} reached ${dlqName} and ${left.visible + left.inFlight} are still in ${s.queue}`, hint: `check that ${dlqName} is a queue of its own and not the source queue` };
    }
    if (most > max) return { ok: false, reason: `a poison message was received ${most} times although maxReceiveCount is ${max}`, hint: 'this is the endpoint misbehaving; run the check again' };
    return { ok: true };
  } finally {
    client.destroy();
  }
}

export function runSqsCheck(c: SqsCheckContext, spec: SqsCheckSpec): Promise<CheckResult> {
  switch (spec.type) {
    case 'sqsTargetRate':
      return targetRate(c, spec);
    case 'sqsConsumer':
      return consumer(c, spec);
    case 'sqsRedrive':
      return redrive(c, spec);
  }
}
