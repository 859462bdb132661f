// npm run bench:sqs [-- --messages N] [-- --seconds S]
// The SQS load tester against the embedded endpoint (a separate process), with 10 KB bodies in
// batches of 10 (the seed's shape). Prints:
//  - the endpoint's ceilings, measured by a minimal raw HTTP client (node:http, keep-alive) that
//    sends the very same SendMessageBatch / ReceiveMessage + DeleteMessageBatch requests;
//  - the producer's and the consumer's throughput as a share of those ceilings (goals ≥ 90 %, ≥ 80 %);
//  - a produce + consume run (1,000,000 messages by default): msg/s, msg per CPU-second, p50/p99,
//    messages lost (must be 0), peak RSS of the tester (< 300 MB) and of the endpoint.
import { fork, ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { loadReceive, loadRun, loadSend, makeBody } from '../src/sqs/load';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const MESSAGES = arg('messages', 1_000_000);
const SECONDS = arg('seconds', 5);
const SIZE = 10 * 1024;
const BATCH = 10;

type Reply = Record<string, unknown>;
function ask(child: ChildProcess, cmd: string): Promise<Reply> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as Reply));
    child.send({ cmd });
  });
}

/** The raw client: one JSON POST per call, nothing else (no signing, no SDK, no checks). */
function rawCall(agent: http.Agent, url: URL, action: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${action}`, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (data += d));
        res.on('end', () => (res.statusCode === 200 ? resolve(data) : reject(new Error(`${action}: HTTP ${res.statusCode} ${data.slice(0, 200)}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Messages per CPU-second of this process over the last loops() call (the raw client's own cost). */
let lastRawMsgPerCpu = 0;

async function loops(n: number, seconds: number, once: () => Promise<number>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  let done = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (performance.now() < end) {
        const k = await once();
        if (k === 0) break;
        done += k;
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  lastRawMsgPerCpu = done / ((cpu.user + cpu.system) / 1e6);
  return done / ((performance.now() - start) / 1000);
}

// The raw client sends QueueUrl as fauxqs issued it (GetQueueUrl at start), exactly as the SDK does.
const urls = new Map<string, string>();
const queueUrl = (_ep: string, q: string) => urls.get(q)!;
async function lookUpQueues(ep: string, queues: string[]): Promise<void> {
  const agent = new http.Agent({ keepAlive: false });
  for (const q of queues) urls.set(q, (JSON.parse(await rawCall(agent, new URL(ep), 'GetQueueUrl', JSON.stringify({ QueueName: q }))) as { QueueUrl: string }).QueueUrl);
}

async function rawSendCeiling(ep: string, queues: string[]): Promise<{ rate: number; concurrency: number; msgPerCpu: number }> {
  const url = new URL(ep);
  let best = { rate: 0, concurrency: 0, msgPerCpu: 0 };
  for (const c of [2, 4, 8, 16]) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: c });
    let k = 0;
    const bodies = queues.map((q) =>
      JSON.stringify({ QueueUrl: queueUrl(ep, q), Entries: Array.from({ length: BATCH }, (_, i) => ({ Id: String(i), MessageBody: makeBody('rawrawra', i, SIZE) })) }),
    );
    const rate = await loops(c, SECONDS / 2, async () => {
      await rawCall(agent, url, 'SendMessageBatch', bodies[k++ % bodies.length]);
      return BATCH;
    });
    agent.destroy();
    await purge(ep, queues);
    if (rate > best.rate) best = { rate, concurrency: c, msgPerCpu: lastRawMsgPerCpu };
  }
  return best;
}

async function rawConsumeCeiling(ep: string, queues: string[], seconds: number): Promise<{ rate: number; concurrency: number; msgPerCpu: number }> {
  const url = new URL(ep);
  let best = { rate: 0, concurrency: 0, msgPerCpu: 0 };
  for (const c of [2, 4, 8]) {
    await fill(ep, queues, Math.ceil((seconds * 15_000) / 10) * 10);
    const agent = new http.Agent({ keepAlive: true, maxSockets: c });
    let k = 0;
    const rate = await loops(c, seconds, async () => {
      const q = queueUrl(ep, queues[k++ % queues.length]);
      const r = JSON.parse(await rawCall(agent, url, 'ReceiveMessage', JSON.stringify({ QueueUrl: q, MaxNumberOfMessages: BATCH, WaitTimeSeconds: 0 }))) as { Messages?: Array<{ ReceiptHandle: string }> };
      const msgs = r.Messages ?? [];
      if (!msgs.length) return 0;
      await rawCall(agent, url, 'DeleteMessageBatch', JSON.stringify({ QueueUrl: q, Entries: msgs.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
      return msgs.length;
    });
    agent.destroy();
    await purge(ep, queues);
    if (rate > best.rate) best = { rate, concurrency: c, msgPerCpu: lastRawMsgPerCpu };
  }
  return best;
}

async function purge(ep: string, queues: string[]): Promise<void> {
  const agent = new http.Agent({ keepAlive: false });
  for (const q of queues) await rawCall(agent, new URL(ep), 'PurgeQueue', JSON.stringify({ QueueUrl: queueUrl(ep, q) }));
}

/** Fills the queues with the raw client (fast, and not what is being measured). */
async function fill(ep: string, queues: string[], messages: number): Promise<void> {
  const url = new URL(ep);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < messages) {
        const seq = next;
        next += BATCH;
        const q = queues[(seq / BATCH) % queues.length];
        const Entries = Array.from({ length: BATCH }, (_, i) => ({ Id: String(i), MessageBody: makeBody('fillfill', seq + i, SIZE) }));
        await rawCall(agent, url, 'SendMessageBatch', JSON.stringify({ QueueUrl: queueUrl(ep, q), Entries }));
      }
    }),
  );
  agent.destroy();
}

const f0 = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(0)} %`;

async function main(): Promise<void> {
  const child = fork(path.join(__dirname, 'sqs-endpoint.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--expose-gc'] });
  const hello = (await new Promise((resolve) => child.once('message', resolve))) as { url: string; queues: string[] };
  const ep = hello.url;
  const queues = hello.queues;
  const target = { endpoint: ep, queues };
  await lookUpQueues(ep, queues);
  console.log(`SQS bench: Node ${process.version}, endpoint ${ep} (fauxqs, own process), ${queues.length} queues, ${f0(SIZE)} B bodies, batches of ${BATCH}`);

  const sendCeil = await rawSendCeiling(ep, queues);
  console.log(`\nendpoint ceiling, send (raw HTTP, ${sendCeil.concurrency} sockets): ${f0(sendCeil.rate)} msg/s = ${f0(sendCeil.rate / BATCH)} SendMessageBatch/s; raw client ${f0(sendCeil.msgPerCpu)} msg per CPU-second (bodies serialized once, reused)`);
  const prod = await loadSend(target, { durationSec: SECONDS, size: SIZE, batch: BATCH });
  await purge(ep, queues);
  console.log(`producer (kit sqs load send, concurrency ${prod.settings.concurrency.producer}${prod.settings.concurrency.auto ? ' ramped' : ''}): ${f0(prod.throughput.sendPerSec)} msg/s = ${pct(prod.throughput.sendPerSec, sendCeil.rate)} of the ceiling (goal ≥ 90 %), p50 ${prod.latencyMs.send!.p50} ms, p99 ${prod.latencyMs.send!.p99} ms; ${f0(prod.msgPerCpuSecond)} msg per CPU-second = ${pct(prod.msgPerCpuSecond, sendCeil.msgPerCpu)} of the raw client's`);

  const recvCeil = await rawConsumeCeiling(ep, queues, SECONDS / 2);
  console.log(`\nendpoint ceiling, receive + delete (raw HTTP, ${recvCeil.concurrency} sockets): ${f0(recvCeil.rate)} msg/s; raw client ${f0(recvCeil.msgPerCpu)} msg per CPU-second`);
  await fill(ep, queues, Math.ceil((SECONDS * recvCeil.rate * 1.5) / 10) * 10);
  const cons = await loadReceive(target, { idleSec: 1 });
  await purge(ep, queues);
  console.log(`consumer (kit sqs load receive, concurrency ${cons.settings.concurrency.consumer}${cons.settings.concurrency.auto ? ' ramped' : ''}): ${f0(cons.throughput.receivePerSec)} msg/s = ${pct(cons.throughput.receivePerSec, recvCeil.rate)} of the ceiling (goal ≥ 80 %), receive p50 ${cons.latencyMs.receive!.p50} ms, p99 ${cons.latencyMs.receive!.p99} ms; ${f0(cons.msgPerCpuSecond)} msg per CPU-second = ${pct(cons.msgPerCpuSecond, recvCeil.msgPerCpu)} of the raw client's`);

  const baseRss = (await ask(child, 'resetPeak')).rss as number;
  const epCpu0 = ((await ask(child, 'stats')).cpu as NodeJS.CpuUsage);
  console.log(`\nproduce + consume run: ${f0(MESSAGES)} messages…`);
  const run = await loadRun(target, { messages: MESSAGES, size: SIZE, batch: BATCH, idleSec: 5 });
  const st = (await ask(child, 'stats')) as { peakRss: number; cpu: NodeJS.CpuUsage };
  const epCpu = (st.cpu.user + st.cpu.system - epCpu0.user - epCpu0.system) / 1e6;
  const a = run.accounting!;
  console.log(`  ${f0(run.sent)} sent, ${f0(a.received)} received in ${run.durationSec.toFixed(1)} s: ${f0(run.sent / run.durationSec)} msg/s end to end (producer ${run.settings.concurrency.producer}, consumers ${run.settings.concurrency.consumer})`);
  console.log(`  lost ${f0(a.lost)} (sent − received − DLQ ${a.dlq} − still queued ${a.remaining}); duplicates ${f0(run.duplicates)}; retries ${f0(run.retries)}`);
  console.log(`  latency: send p50 ${run.latencyMs.send!.p50} ms p99 ${run.latencyMs.send!.p99} ms; receive p50 ${run.latencyMs.receive!.p50} ms p99 ${run.latencyMs.receive!.p99} ms; end to end p50 ${run.latencyMs.endToEnd!.p50} ms p99 ${run.latencyMs.endToEnd!.p99} ms`);
  console.log(`  tester: ${run.cpuSeconds.toFixed(1)} CPU-s, ${f0(run.msgPerCpuSecond)} msg per CPU-second (sent + received), peak RSS ${f0(run.peakRssMB)} MB (goal < 300 MB)`);
  console.log(`  endpoint: ${epCpu.toFixed(1)} CPU-s, RSS ${f0(baseRss / 2 ** 20)} MB at the start of the run, peak ${f0(st.peakRss / 2 ** 20)} MB (backlog capped at 5,000 messages)`);
  child.send({ cmd: 'stop' });
  if (a.lost !== 0) process.exitCode = 1;
}

void main();
