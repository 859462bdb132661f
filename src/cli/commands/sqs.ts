import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { kitHome } from '../../env/paths';
import { estimateSqsCost } from '../../finops';
import { loadSqsConfig, SqsConfig, startEndpoint } from '../../sqs/endpoint';
import { endpointLabel, formatReport, listQueueDepths, LoadReport, loadReceive, loadRun, loadSend, LoadTarget, writeResults } from '../../sqs/load';
import { checkAwsCredentials, sqsClient } from '../../sqs/client';
import { renderTable } from '../../display/table';
import type { LoadStats } from '../../sqs/load';
import { checkEndpoint, checkRate01 } from '../../sqs/load/validate';
import { UserError } from '../errors';

/** Numeric flags: `--batch abc` is a usage error naming the flag, not a NaN further on. */
const num = (v: string) => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('It takes a number.');
  return n;
};
const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);
const DEFAULT_ENDPOINT = process.env.KIT_SQS_ENDPOINT ?? 'http://127.0.0.1:4566';

/** Every flag of the load commands (each command declares the ones it takes). */
interface LoadCliOpts extends CommonOpts {
  messages?: number;
  duration?: number;
  size?: number;
  batch?: number;
  concurrency?: number;
  consumers?: number;
  rate?: number;
  poison?: number;
  idle?: number;
  visibility?: number;
  handlerMs?: number;
  failRate?: number;
  deleteBeforeProcess?: boolean;
  crashAfter?: number;
  expect?: number;
  maxSeconds?: number;
  maxBacklog?: number;
}

interface CommonOpts {
  endpoint: string;
  queues: string[];
  json?: boolean;
  out?: string;
  aws?: boolean;
  region?: string;
  yes?: boolean;
  createQueues?: boolean;
  maxAttempts?: number;
}

function common(cmd: Command): Command {
  return cmd
    .option('--endpoint <url>', 'SQS endpoint (the embedded one by default; $KIT_SQS_ENDPOINT overrides)', DEFAULT_ENDPOINT)
    .requiredOption('--queues <names>', 'comma-separated queue names, e.g. load-1,load-2,load-3,load-4', list)
    .option('--json', 'print the report as JSON (for scripts), no progress bar')
    .option('--out <dir>', 'where the results files (JSON + CSV) go (default: <kit home>/results)')
    .option('--max-attempts <n>', 'attempts per call including the first (SDK standard retries)', num, 3)
    .option('--create-queues', 'create queues that do not exist (never deleted afterwards)')
    .option('--aws', 'real Amazon SQS: credentials and region from AWS_* env vars or your profile; prints the cost first')
    .option('--region <region>', 'AWS region for --aws (default: AWS_REGION / profile)')
    .option('-y, --yes', 'with --aws: do not ask before sending');
}

function sendOptions(cmd: Command): Command {
  return cmd
    .option('--messages <n>', 'messages to send in total, over all queues', num)
    .option('--duration <seconds>', 'send for this long instead of a count', num)
    .option('--size <bytes>', 'body size in bytes (max 1 MiB)', num, 10240)
    .option('--batch <n>', 'messages per SendMessageBatch, 1–10', num, 10)
    .option('--concurrency <n>', 'requests in flight (default: ramp until throughput stops rising)', num)
    .option('--rate <msgPerSec>', 'open loop: send at this rate whatever the answers take', num)
    .option('--poison <share>', 'share of messages every consumer fails (they end in the DLQ)', num);
}

function receiveOptions(cmd: Command, withCount: boolean): Command {
  if (withCount) cmd.option('--messages <n>', 'stop after this many messages', num).option('--batch <n>', 'MaxNumberOfMessages per receive, 1–10', num, 10);
  if (withCount) cmd.option('--concurrency <n>', 'receive loops (default: ramp)', num).option('--expect <n>', 'messages that were sent, for the loss accounting', num);
  else cmd.option('--consumers <n>', 'receive loops (default: ramp)', num).option('--max-backlog <n>', 'hold the producer while more than n sent messages are unprocessed', num, 5000);
  return cmd
    .option('--idle <seconds>', 'stop when the queues stay empty this long', num, 5)
    .option('--visibility <seconds>', 'VisibilityTimeout per receive (failed messages reappear after it)', num)
    .option('--handler-ms <ms>', 'simulated handling time per received batch', num, 0)
    .option('--fail-rate <share>', 'share of message handlings that fail (not deleted; redrive moves them to the DLQ)', num)
    .option('--delete-before-process', 'the classic bug: delete a batch before handling it')
    .option('--crash-after <n>', 'with --delete-before-process: crash after deleting the batch that reaches n received messages', num)
    .option('--max-seconds <s>', 'stop after this long even if messages keep coming (poison messages without a DLQ cycle forever)', num);
}

/** Confirmation for --aws: the estimated bill first, then y/N (stdin; no answer means no). */
async function confirmCost(mode: LoadReport['mode'], o: LoadCliOpts, yes: boolean): Promise<void> {
  const batch = o.batch ?? 10;
  const size = o.size ?? 10240;
  let messages = o.messages ?? o.expect;
  if (messages === undefined && o.duration !== undefined && o.rate !== undefined) messages = Math.ceil(o.duration * o.rate);
  // Empty receives are billed too: the long polls of every receive loop during the idle time at the end.
  const loops = (mode === 'run' ? o.consumers : o.concurrency) ?? 32; // 32: the ramp's maximum
  const idle = o.idle ?? 5;
  const polls = Math.max(1, Math.ceil(idle / Math.max(1, mode === 'run' ? Math.min(2, Math.floor(idle)) : Math.min(20, Math.floor(idle)))));
  const empty = mode === 'send' ? 0 : loops * polls;
  let line: string;
  if (messages === undefined) {
    if (mode !== 'receive') throw new UserError('with --aws and --duration, give --rate too, so the cost can be estimated before sending', { hint: 'or use --messages N' });
    line = 'Estimated cost on real SQS: unknown (no --messages); each receive + delete of 10 messages is 2–3 billed requests, and empty receives are billed too.';
  } else {
    const c = estimateSqsCost({ messages, bodyBytes: size, batchSize: batch, freeTierRemaining: 0, emptyReceives: empty });
    const billed = mode === 'send' ? c.sendRequests : mode === 'receive' ? c.receiveRequests + c.deleteRequests + c.emptyReceives : c.billedRequests;
    const n = (x: number) => x.toLocaleString('en-US');
    const emptyPart = ` + about ${n(empty)} empty receives (an estimate: ${loops} receive loops × ${polls} long polls in the ${idle} s idle time at the end)`;
    const parts = mode === 'send' ? `${n(c.sendRequests)} send` : `${mode === 'run' ? `${n(c.sendRequests)} send + ` : ''}${n(c.receiveRequests)} receive + ${n(c.deleteRequests)} delete${emptyPart}`;
    const usd = (billed / 1e6) * c.pricePerMillion;
    line =
      `Estimated cost on real SQS: ${billed.toLocaleString('en-US')} billed requests (${parts}; each 64 KB chunk of a ${batch} × ${size.toLocaleString('en-US')} B batch is one request) ` +
      `≈ $${usd >= 0.01 ? usd.toFixed(2) : usd.toPrecision(2)} at $${c.pricePerMillion.toFixed(2)} per million, before the monthly free tier of 1 M requests.`;
  }
  console.error(line);
  if (yes) return;
  const answer = await new Promise<string>((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: !!process.stdin.isTTY });
    let got = '';
    rl.question(`${mode === 'receive' ? 'Receive from' : 'Send to'} real SQS? [y/N] `, (a) => {
      got = a;
      rl.close();
    });
    rl.on('close', () => resolve(got));
  });
  if (!/^y(es)?$/i.test(answer.trim())) throw new UserError(`not confirmed: nothing was ${mode === 'receive' ? 'received from' : 'sent to'} SQS`, { hint: 'Answer y, or pass --yes to skip the question.', exitCode: 1 });
}

/** A live bar on a terminal; nothing otherwise (the summary is printed at the end either way). */
function progress(total: number | undefined, json?: boolean): { onTick: (s: LoadStats) => void; stop: () => void } {
  if (json || !process.stderr.isTTY) return { onTick: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: total ? '{bar} {percentage}% | sent {sent} | received {received} | {rate} msg/s | errors {errors}' : 'sent {sent} | received {received} | {rate} msg/s | errors {errors}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false; // on the first tick, so an --aws question is answered before the bar draws
  let last = { t: performance.now(), n: 0 };
  return {
    onTick: (s) => {
      if (!started) {
        started = true;
        bar.start(total ?? 0, 0, { sent: 0, received: 0, rate: 0, errors: 0 });
      }
      const now = performance.now();
      const n = s.sent + s.received;
      const rate = Math.round(((n - last.n) * 1000) / Math.max(1, now - last.t));
      last = { t: now, n };
      bar.update(total ? Math.min(total, Math.max(s.sent, s.received)) : 0, { sent: s.sent, received: s.received, rate, errors: s.attempts.failedAttempts });
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}

async function finish(report: LoadReport, opts: CommonOpts): Promise<void> {
  const files = writeResults(report, opts.out);
  if (opts.json) console.log(JSON.stringify({ ...report, files }));
  else {
    const rel = path.relative(process.cwd(), files.json);
    console.log(`${formatReport(report)}\n  results      ${rel.startsWith('..') ? files.json : rel}, ${path.basename(files.csv)}`);
  }
  if (report.accounting && report.accounting.lost > 0) process.exitCode = 1;
}

function target(opts: LoadCliOpts, mode: LoadReport['mode'], onTick: (s: LoadStats) => void): LoadTarget {
  const confirm = opts.aws ? () => confirmCost(mode, opts, !!opts.yes) : undefined;
  return { endpoint: opts.endpoint, aws: opts.aws, region: opts.region, queues: opts.queues, createQueues: opts.createQueues, maxAttempts: opts.maxAttempts, onTick, confirm };
}

/** Each flag of `kit sqs start` with its own one-line error (the file is checked by parseSqsConfig). */
function checkStartFlags(o: { port: number; latency?: number; jitter?: number; throttleRate?: number; errorRate?: number; dropRate?: number; seed?: number }): void {
  if (!(Number.isInteger(o.port) && o.port >= 0 && o.port <= 65535)) throw new UserError(`--port must be a whole number 0–65535, got ${o.port}`, { hint: 'e.g. --port 4566 (the default), or --port 0 for a free one.' });
  for (const [flag, v] of [['--latency', o.latency], ['--jitter', o.jitter]] as const)
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) throw new UserError(`${flag} must be a number of milliseconds ≥ 0, got ${v}`, { hint: 'e.g. --latency 20 --jitter 5 for 20–25 ms per request.' });
  checkRate01('--throttle-rate', o.throttleRate);
  checkRate01('--error-rate', o.errorRate);
  checkRate01('--drop-rate', o.dropRate);
  if ((o.throttleRate ?? 0) + (o.errorRate ?? 0) + (o.dropRate ?? 0) > 1) throw new UserError('--throttle-rate, --error-rate and --drop-rate add up to more than 1', { hint: 'Each is the share of requests that gets that fault; keep their sum ≤ 1.' });
  if (o.seed !== undefined && !Number.isInteger(o.seed)) throw new UserError(`--seed must be a whole number, got ${o.seed}`);
}

export function register(prog: Command): void {
  const sqs = prog.command('sqs').description('the embedded SQS endpoint and the SQS load tester');

  sqs
    .command('start')
    .description('run the embedded SQS endpoint (fauxqs) on 127.0.0.1 in the foreground; Ctrl-C stops it')
    .option('--port <port>', 'port to listen on (0 picks a free one)', num, 4566)
    .option('--config <file>', 'YAML with queues, DLQs and redrive policies, latency and faults (default: <kit home>/sqs.yaml if it exists)')
    .option('--latency <ms>', 'added round-trip time per request', num)
    .option('--jitter <ms>', 'extra random 0…ms on top of --latency', num)
    .option('--throttle-rate <share>', 'share of requests answered 400 RequestThrottled', num)
    .option('--error-rate <share>', 'share of requests answered 500 InternalError', num)
    .option('--drop-rate <share>', 'share of requests whose connection is closed without an answer', num)
    .option('--seed <n>', 'seed for the fault dice, to replay a run', num)
    .addHelpText(
      'after',
      '\nConfig file (YAML):\n  queues:\n    - name: orders\n      visibilityTimeout: 5\n      dlq: orders-dlq        # redrive after maxReceiveCount receives\n      maxReceiveCount: 3\n    - name: orders-dlq\n  latency: { fixedMs: 20, jitterMs: 5 }   # or latency: 20 (fixed ms)\n  faults: { throttleRate: 0.05, errorRate: 0.01, dropRate: 0.01 }\n',
    )
    .action(async (o: { port: number; config?: string; latency?: number; jitter?: number; throttleRate?: number; errorRate?: number; dropRate?: number; seed?: number }) => {
      checkStartFlags(o);
      const def = path.join(kitHome(), 'sqs.yaml');
      const file = o.config ?? (fs.existsSync(def) ? def : undefined);
      const config: SqsConfig = file ? loadSqsConfig(file) : { queues: [] };
      const latency = o.latency !== undefined || o.jitter !== undefined ? { fixedMs: o.latency ?? 0, jitterMs: o.jitter ?? 0 } : config.latency;
      const faults =
        o.throttleRate !== undefined || o.errorRate !== undefined || o.dropRate !== undefined ? { throttleRate: o.throttleRate, errorRate: o.errorRate, dropRate: o.dropRate } : config.faults;
      const ep = await startEndpoint({ port: o.port, config, latency, faults, seed: o.seed ?? config.seed });
      console.log(`SQS endpoint: ${ep.url}`);
      console.log(`queues: ${config.queues.length ? config.queues.map((q) => q.name + (q.dlq ? ` (DLQ ${q.dlq} after ${q.maxReceiveCount ?? 5} receives)` : '')).join(', ') : 'none declared'}`);
      if (latency) console.log(`latency: ${latency.fixedMs ?? 0} ms + 0…${latency.jitterMs ?? 0} ms jitter`);
      if (faults) console.log(`faults: throttle ${faults.throttleRate ?? 0}, 5xx ${faults.errorRate ?? 0}, drop ${faults.dropRate ?? 0}`);
      console.log('Ctrl-C stops it.');
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      const c = ep.injected();
      await ep.stop();
      console.log(`stopped after ${c.requests} requests (throttled ${c.throttled}, 5xx ${c.errors5xx}, dropped ${c.dropped})`);
    });

  sqs
    .command('queues')
    .description('list the queues at an endpoint with their approximate depths and DLQs')
    .option('--endpoint <url>', 'SQS endpoint (the embedded one by default; $KIT_SQS_ENDPOINT overrides)', DEFAULT_ENDPOINT)
    .option('--aws', 'real Amazon SQS (credentials and region from AWS_* env vars or your profile)')
    .option('--region <region>', 'AWS region for --aws')
    .option('--json', 'print JSON')
    .action(async (o: { endpoint: string; aws?: boolean; region?: string; json?: boolean }) => {
      if (!o.aws) checkEndpoint(o.endpoint);
      const client = sqsClient({ endpoint: o.endpoint, aws: o.aws, region: o.region, maxAttempts: 2 });
      try {
        if (o.aws) await checkAwsCredentials(client);
        const rows = await listQueueDepths(client, endpointLabel({ ...o, queues: [] }), o.aws);
        if (o.json) console.log(JSON.stringify(rows));
        else console.log(rows.length ? renderTable(rows, { units: { visible: 'msg', inFlight: 'msg' } }).text : `no queues at ${endpointLabel({ ...o, queues: [] })}`);
      } finally {
        client.destroy();
      }
    });

  const load = sqs.command('load').description('load-test an SQS endpoint: send, receive, or both (run)');

  sendOptions(common(load.command('send').description('send messages with SendMessageBatch and report throughput and latency'))).action(async (o: LoadCliOpts) => {
    const bar = progress(o.messages, o.json);
    try {
      const r = await loadSend(target(o, 'send', bar.onTick), { messages: o.messages, durationSec: o.duration, size: o.size, batch: o.batch, concurrency: o.concurrency, rate: o.rate, poisonRate: o.poison });
      bar.stop();
      await finish(r, o);
    } finally {
      bar.stop();
    }
  });

  receiveOptions(common(load.command('receive').description('receive (long polling), handle and delete messages; stops after --messages or --idle seconds of empty queues')), true).action(
    async (o: LoadCliOpts) => {
      const bar = progress(o.messages ?? o.expect, o.json);
      try {
        const r = await loadReceive(target(o, 'receive', bar.onTick), {
          messages: o.messages, batch: o.batch, concurrency: o.concurrency, idleSec: o.idle, visibilityTimeout: o.visibility, handlerMs: o.handlerMs, failRate: o.failRate,
          deleteBeforeProcess: o.deleteBeforeProcess, crashAfter: o.crashAfter, expect: o.expect, maxSec: o.maxSeconds,
        });
        bar.stop();
        await finish(r, o);
      } finally {
        bar.stop();
      }
    },
  );

  receiveOptions(sendOptions(common(load.command('run').description('send and receive at once: end-to-end latency and loss accounting (lost = sent − received − DLQ − still queued)'))), false).action(
    async (o: LoadCliOpts) => {
      const bar = progress(o.messages, o.json);
      try {
        const r = await loadRun(target(o, 'run', bar.onTick), {
          messages: o.messages, durationSec: o.duration, size: o.size, batch: o.batch, concurrency: o.concurrency, rate: o.rate, poisonRate: o.poison,
          consumerConcurrency: o.consumers, idleSec: o.idle, visibilityTimeout: o.visibility, handlerMs: o.handlerMs, failRate: o.failRate,
          deleteBeforeProcess: o.deleteBeforeProcess, crashAfter: o.crashAfter, maxSec: o.maxSeconds, maxBacklog: o.maxBacklog,
        });
        bar.stop();
        await finish(r, o);
      } finally {
        bar.stop();
      }
    },
  );
}
