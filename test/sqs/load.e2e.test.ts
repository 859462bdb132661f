import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSqsConfig, SqsEndpoint, startEndpoint } from '../../src/sqs/endpoint';
import { formatReport, readResults, readTimelineCsv, loadReceive, loadRun, loadSend, timelineCsv, writeResults } from '../../src/sqs/load';
import { GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { sqsClient } from '../../src/sqs/client';
import { tempDir } from './helpers';

// Real AWS SDK v3 (JSON protocol) against the embedded fauxqs endpoint, in this process.
let ep: SqsEndpoint;
const config = parseSqsConfig({
  queues: [
    'p1',
    'p2',
    'c1',
    { name: 'r1', visibilityTimeout: 1, dlq: 'r-dlq', maxReceiveCount: 2 },
    { name: 'r2', visibilityTimeout: 1, dlq: 'r-dlq', maxReceiveCount: 2 },
    'r-dlq',
    { name: 'lossy', visibilityTimeout: 1 },
    'seq',
    { name: 'slow', visibilityTimeout: 1 },
    { name: 'held', visibilityTimeout: 2 },
    'ramp',
  ],
});

beforeAll(async () => {
  ep = await startEndpoint({ port: 0, config });
});
afterAll(async () => {
  await ep?.stop();
});

const depth = async (name: string) => (await ep.depths()).find((d) => d.name === name)!;

describe('producer', () => {
  it('sends every message once, round-robin over the queues, with send latencies', async () => {
    const r = await loadSend({ endpoint: ep.url, queues: ['p1', 'p2'] }, { messages: 1005, size: 2048, batch: 10, concurrency: 4 });
    expect(r.sent).toBe(1005);
    expect(r.sendFailed).toBe(0);
    expect(r.requests.send).toBe(101); // 100 full batches + one of 5
    expect((await depth('p1')).visible + (await depth('p2')).visible).toBe(1005);
    expect((await depth('p1')).visible).toBe(505); // batches alternate: 51 to p1 (the last one of 5), 50 to p2
    expect(r.latencyMs.send!.count).toBe(101);
    expect(r.latencyMs.send!.p99).toBeGreaterThanOrEqual(r.latencyMs.send!.p50);
    expect(r.settings.concurrency).toEqual({ producer: 4, auto: false });
    expect(r.timeline.reduce((s, p) => s + p.sent, 0)).toBe(1005);
  });

  it('ramps the concurrency itself when none is given', async () => {
    const r = await loadSend({ endpoint: ep.url, queues: ['ramp'] }, { messages: 10000, size: 512 });
    expect(r.sent).toBe(10000);
    expect(r.settings.concurrency.auto).toBe(true);
    // The ramp doubles after every other 300 ms window up to 8 loops: a run this long gets past 1.
    expect(r.settings.concurrency.producer).toBeGreaterThan(1);
    expect(formatReport(r)).toContain('(producer ramped to the ceiling)');
    const short = await loadSend({ endpoint: ep.url, queues: ['ramp'] }, { messages: 10, size: 512 });
    expect(formatReport(short)).toContain('concurrency 1 (producer automatic, but the run ended before the ramp added loops)');
  });

  it('paces an open loop at the target rate', async () => {
    const r = await loadSend({ endpoint: ep.url, queues: ['p2'] }, { messages: 200, size: 512, batch: 10, rate: 400 });
    expect(r.sent).toBe(200);
    // 20 batches due every 25 ms: the last is due at 475 ms, so the run cannot be shorter.
    expect(r.durationSec).toBeGreaterThanOrEqual(0.47);
    expect(r.settings.rate).toBe(400);
  });
});

describe('consumer', () => {
  it('drains the queues with batch receives and DeleteMessageBatch, then stops when idle', async () => {
    const s = await loadSend({ endpoint: ep.url, queues: ['c1'] }, { messages: 500, size: 1024, batch: 10 });
    const r = await loadReceive({ endpoint: ep.url, queues: ['c1'] }, { idleSec: 1, expect: s.sent, concurrency: 2 });
    expect(r.received).toBe(500);
    expect(r.duplicates).toBe(0);
    expect(r.stoppedBy).toBe('idle');
    expect(r.accounting).toEqual({ sent: 500, received: 500, dlq: 0, remaining: 0, handledCopies: 0, lost: 0 });
    expect(r.requests.delete).toBeGreaterThanOrEqual(50);
    expect(r.latencyMs.endToEnd!.count).toBe(500);
    expect(await depth('c1')).toMatchObject({ visible: 0, inFlight: 0 });
  });

  it('stops after --messages', async () => {
    await loadSend({ endpoint: ep.url, queues: ['c1'] }, { messages: 100, size: 512 });
    const r = await loadReceive({ endpoint: ep.url, queues: ['c1'] }, { messages: 30, batch: 10, concurrency: 1 });
    expect(r.received).toBe(30);
    expect(r.stoppedBy).toBe('count');
    await loadReceive({ endpoint: ep.url, queues: ['c1'] }, { idleSec: 1, visibilityTimeout: 0 });
  });
});

describe('run mode', () => {
  it('produces and consumes at once, with end-to-end latency and 0 lost', async () => {
    // p1/p2 still hold the producer tests' 1,205 messages: other runs', drained too but not counted as this run's.
    const r = await loadRun({ endpoint: ep.url, queues: ['p1', 'p2'] }, { messages: 1000, size: 1024, concurrency: 2, consumerConcurrency: 2, idleSec: 2 });
    expect(r.accounting).toMatchObject({ sent: 1000, received: 1000, dlq: 0, lost: 0 });
    expect(r.latencyMs.endToEnd!.count).toBeGreaterThanOrEqual(1000);
    expect(r.stoppedBy).toBe('done');
  });

  it('sends poison and failing messages to the DLQ by redrive, and accounts for them', async () => {
    const r = await loadRun(
      { endpoint: ep.url, queues: ['r1', 'r2'] },
      { messages: 400, size: 512, poisonRate: 0.05, failRate: 0.1, visibilityTimeout: 1, idleSec: 4, concurrency: 2, consumerConcurrency: 2, random: seeded() },
    );
    const a = r.accounting!;
    expect(a.sent).toBe(400);
    expect(a.dlq).toBeGreaterThan(0); // every poison message: received twice, failed twice, redriven
    expect(r.handlerFailures).toBeGreaterThanOrEqual(2 * a.dlq);
    expect(a.received + a.dlq + a.remaining).toBe(400);
    expect(a.lost).toBe(0);
    expect(r.dlqDepth).toBe(a.dlq);
    const dlq = await depth('r-dlq');
    expect(dlq.visible).toBe(a.dlq);
  });
});

describe('back-to-back runs', () => {
  it('leave no long poll behind to swallow the next run\'s messages', async () => {
    // A consumer that aborted its waiting long polls would leave them registered on the server, which
    // hands them the next messages that arrive: invisible for 30 s, missing from the next run.
    const t = { endpoint: ep.url, queues: ['seq'] };
    const first = await loadRun(t, { messages: 200, size: 512, concurrency: 2, consumerConcurrency: 8, idleSec: 2 });
    const second = await loadRun(t, { messages: 200, size: 512, concurrency: 2, consumerConcurrency: 8, idleSec: 2 });
    expect(first.accounting).toEqual({ sent: 200, received: 200, dlq: 0, remaining: 0, handledCopies: 0, lost: 0 });
    expect(second.accounting).toEqual({ sent: 200, received: 200, dlq: 0, remaining: 0, handledCopies: 0, lost: 0 });
    expect(second.deliveries).toBe(200);
  });
});

describe('loss accounting', () => {
  it('shows the messages a consumer loses when it deletes before processing and crashes', async () => {
    const s = await loadSend({ endpoint: ep.url, queues: ['lossy'] }, { messages: 100, size: 512, batch: 10 });
    const crashed = await loadReceive({ endpoint: ep.url, queues: ['lossy'] }, { batch: 10, concurrency: 1, deleteBeforeProcess: true, crashAfter: 30, expect: s.sent });
    expect(crashed.crashed).toBe(true);
    expect(crashed.received).toBe(20); // batches 1–2 handled; batch 3 deleted, then the crash
    const restarted = await loadReceive({ endpoint: ep.url, queues: ['lossy'] }, { idleSec: 2, expect: s.sent - crashed.received });
    expect(restarted.received).toBe(70);
    expect(restarted.accounting!.lost).toBe(10);
  });
});

describe('handler slower than the visibility timeout', () => {
  it('counts redelivered copies as duplicates, not lost, and shows the handled copies still queued', async () => {
    // Each batch takes 1.5 s to handle and is visible again after 1 s, when the idle loops (8 loops, 4
    // batches) receive it again: the first delete comes too late, the copy is handled as a duplicate.
    const r = await loadRun({ endpoint: ep.url, queues: ['slow'] }, { messages: 40, size: 512, batch: 10, concurrency: 1, consumerConcurrency: 8, visibilityTimeout: 1, handlerMs: 1500, idleSec: 2 });
    expect(r.duplicates).toBeGreaterThan(0);
    expect(r.deliveries).toBeGreaterThan(40);
    const a = r.accounting!;
    expect(a).toMatchObject({ sent: 40, received: 40, dlq: 0, remaining: 0, lost: 0 });
    const left = await depth('slow');
    expect(a.handledCopies).toBe(left.visible + left.inFlight);
    const text = formatReport(r);
    expect(text).toContain('lost         0 = sent 40 − received 40 − DLQ 0 − still queued 0\n');
    expect(text).not.toContain('vanished');
    expect(text).toContain(`deliveries   ${r.deliveries} (messages ReceiveMessage returned, redeliveries included)`);
    // Whether the last copies' late deletes still removed them depends on when the endpoint expired them.
    expect(text.includes(`also queued  ${a.handledCopies} copies of handled messages`)).toBe(a.handledCopies > 0);
  });
});

describe('messages in flight elsewhere', () => {
  it('run mode waits out the visibility timeout instead of stopping on idle with messages missing', async () => {
    // Another receiver takes the first batch and never deletes it, as when a ReceiveMessage answer is
    // dropped on the way: those 10 are invisible for 2 s, longer than the consumers' 1 s idle time.
    const thief = sqsClient({ endpoint: ep.url, maxAttempts: 1 });
    const url = (await thief.send(new GetQueueUrlCommand({ QueueName: 'held' }))).QueueUrl!;
    const taken = thief.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 5, VisibilityTimeout: 2 }));
    await new Promise((res) => setTimeout(res, 200)); // its long poll is registered first
    const r = await loadRun({ endpoint: ep.url, queues: ['held'] }, { messages: 100, size: 512, concurrency: 1, consumerConcurrency: 1, batch: 10, idleSec: 1 });
    expect((await taken).Messages?.length).toBe(10);
    thief.destroy();
    expect(r.accounting).toEqual({ sent: 100, received: 100, dlq: 0, remaining: 0, handledCopies: 0, lost: 0 });
    expect(r.stoppedBy).toBe('done');
  });
});

describe('stopping', () => {
  it('receive stops after the idle time of failed polls with one line naming the error and the fix', async () => {
    const gone = await startEndpoint({ port: 0, config: parseSqsConfig({ queues: ['q'] }) });
    const receiving = loadReceive({ endpoint: gone.url, queues: ['q'], maxAttempts: 1 }, { idleSec: 2, concurrency: 1, maxSec: 20 });
    await new Promise((res) => setTimeout(res, 300));
    await gone.stop(); // waits for the long poll in flight; every poll after it is refused
    await expect(receiving).rejects.toThrow(`cannot reach the SQS endpoint ${gone.url}: every receive failed for 2 s (ECONNREFUSED) after 0 messages were handled, so the consumers stopped`);
  });

  it('measures the idle time from the last message, within a second, whatever the long-poll wait', async () => {
    const r = await loadReceive({ endpoint: ep.url, queues: ['seq'] }, { idleSec: 3, waitSec: 20, concurrency: 1 });
    expect(r.stoppedBy).toBe('idle');
    expect(r.durationSec).toBeGreaterThanOrEqual(2.9);
    expect(r.durationSec).toBeLessThan(4.5); // before: the first 20 s poll, then another, about 40 s
  });
});

describe('results files', () => {
  it('are written as JSON and CSV for the notebook', async () => {
    const r = await loadSend({ endpoint: ep.url, queues: ['c1'] }, { messages: 50, size: 512 });
    const dir = tempDir();
    const files = writeResults(r, dir);
    expect(JSON.parse(fs.readFileSync(files.json, 'utf8')).sent).toBe(50);
    expect(fs.readFileSync(files.csv, 'utf8')).toBe(timelineCsv(r));
    expect(readResults(files.json)).toEqual(JSON.parse(JSON.stringify(r)));
    expect(readTimelineCsv(files.csv)).toEqual(r.timeline);
    expect(timelineCsv(r).split('\n')[0]).toBe('t_s,sent_msgs,received_msgs,errors');
    expect(path.basename(files.json)).toMatch(/^sqs-send-.*\.json$/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

function seeded() {
  let a = 42;
  return () => {
    a = (a * 1103515245 + 12345) % 2 ** 31;
    return a / 2 ** 31;
  };
}
