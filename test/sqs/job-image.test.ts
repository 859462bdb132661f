import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { lookupImage, runContainer } from '../../src/cluster/images';
import { parseSummary } from '../../src/cluster/images/sqs-test';
import { imagesTable } from '../../src/cli/commands/images';
import { sqsClient, startEndpoint, parseSqsConfig, type SqsEndpoint } from '../../src/sqs';

let ep: SqsEndpoint;
beforeAll(async () => {
  ep = await startEndpoint({ port: 0, config: parseSqsConfig({ queues: ['q-a', 'q-b', 'kill', 'work', 'results'] }) });
});
afterAll(async () => ep?.stop());

const depth = async (name: string) => (await ep.depths()).find((d) => d.name === name)!;
const run = (args: string[], env: Record<string, string> = {}, signal?: AbortSignal) =>
  runContainer({ image: 'sqs-test:latest', args, env: { SQS_ENDPOINT: ep.url, ...env }, hostname: 'sqs-test-send-abcde', signal });

describe('the sqs-test image', () => {
  it('is in the catalog and `kit images` documents its commands and env vars', () => {
    expect(lookupImage('sqs-test')?.name).toBe('sqs-test');
    expect(imagesTable().text).toMatch(/^sqs-test\s+.*send, receive, prime-worker.*sqs-test send \(env SQS_ENDPOINT, QUEUES, MESSAGES, SIZE, BATCH, CONCURRENCY, IDLE\)$/m);
  });

  it('--help lists every setting with its env var and flag', async () => {
    const r = await run(['--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^usage: sqs-test send \| receive \| prime-worker/);
    for (const v of ['SQS_ENDPOINT', 'QUEUES', 'MESSAGES', 'SIZE', 'BATCH', 'CONCURRENCY', 'IDLE', 'WAIT', 'CREATE_QUEUES', 'QUEUE', 'RESULTS_QUEUE']) expect(r.stdout).toMatch(new RegExp(`--[a-z-]+ +${v} `));
  });

  it('send puts MESSAGES messages on the queues and logs the seed-style summary', async () => {
    const r = await run(['send'], { QUEUES: 'q-a,q-b', MESSAGES: '200', SIZE: '2048', BATCH: '10', CONCURRENCY: '4' });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`sqs-test send: 200 messages of 2048 bytes to q-a,q-b at ${ep.url} (batches of 10, concurrency 4)`);
    const s = parseSummary(r.stdout)!;
    expect(s).toMatchObject({ verb: 'sent', messages: 200, failed: 0 });
    expect(s.msgPerSec).toBeGreaterThan(0);
    expect((await depth('q-a')).visible + (await depth('q-b')).visible).toBe(200);
  });

  it('receive (the default command) drains the queues and stops after the idle time', async () => {
    const r = await runContainer({ image: 'sqs-test', env: { SQS_ENDPOINT: ep.url, QUEUES: 'q-a,q-b', IDLE: '0.5', WAIT: '0' } });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(parseSummary(r.stdout)).toMatchObject({ verb: 'received', messages: 200, duplicates: 0 });
    expect(await depth('q-a')).toMatchObject({ visible: 0, inFlight: 0 });
    expect(await depth('q-b')).toMatchObject({ visible: 0, inFlight: 0 });
  });

  it('flags win over env vars', async () => {
    const r = await run(['send', '--queues', 'q-a', '--messages', '30'], { QUEUES: 'nope', MESSAGES: '5' });
    expect(r.exitCode).toBe(0);
    expect(parseSummary(r.stdout)).toMatchObject({ messages: 30 });
    expect((await depth('q-a')).visible).toBe(30);
  });

  it('exits 1 with one clear line when the endpoint is unreachable', async () => {
    const r = await runContainer({ image: 'sqs-test', args: ['send'], env: { SQS_ENDPOINT: 'http://127.0.0.1:9', MESSAGES: '10' } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('sqs-test: cannot reach the SQS endpoint http://127.0.0.1:9 (ECONNREFUSED); set SQS_ENDPOINT in the pod spec to the URL `kit sqs start` (or `kit start`) printed\n');
  });

  it('exits 1 naming the setting when one is wrong, and 2 for an unknown command', async () => {
    const bad = await run(['send'], { BATCH: '11' });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe('sqs-test send: BATCH="11" must be a whole number ≥ 1 and ≤ 10\n');
    const unknownQueue = await run(['send'], { QUEUES: 'missing', MESSAGES: '1' });
    expect(unknownQueue.exitCode).toBe(1);
    expect(unknownQueue.stderr).toMatch(/^sqs-test: queue missing does not exist at .*; declare the queue in \.kit\/sqs\.yaml, or set CREATE_QUEUES=true in the pod spec\n$/);
    const unknown = await run(['blast']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/^sqs-test: unknown command "blast"\nusage: sqs-test send \| receive \| prime-worker/);
  });

  it('stops sending on SIGTERM and exits 143, every message it counted on the queue', async () => {
    const kill = new AbortController();
    const pending = run(['send'], { QUEUES: 'kill', MESSAGES: '1000000', SIZE: '512', CONCURRENCY: '2' }, kill.signal);
    while (((await depth('kill')).visible) < 100) await new Promise((r) => setTimeout(r, 10));
    kill.abort(Object.assign(new Error('SIGTERM'), { name: 'AbortError' }));
    const r = await pending;
    expect(r.exitCode).toBe(143);
    expect(r.stdout).toContain('sqs-test: stopped by SIGTERM');
    const s = parseSummary(r.stdout)!;
    expect(s.messages).toBeGreaterThanOrEqual(100);
    expect(s.messages).toBeLessThan(1_000_000);
    expect((await depth('kill')).visible).toBe(s.messages);
  });

  it('prime-worker takes exactly one item, sends its primes to the results queue and deletes the item', async () => {
    const client = sqsClient({ endpoint: ep.url });
    try {
      const url = async (n: string) => (await client.send(new GetQueueUrlCommand({ QueueName: n }))).QueueUrl!;
      for (const item of [{ item: 0, start: 2, size: 98 }, { item: 1, start: 100, size: 100 }]) await client.send(new SendMessageCommand({ QueueUrl: await url('work'), MessageBody: JSON.stringify(item) }));
      const r = await run(['prime-worker'], { QUEUE: 'work', RESULTS_QUEUE: 'results', WAIT: '1' });
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toMatch(/^item 0 \[2, 100\): 25 primes in 1 result message to results$/m);
      expect(await depth('work')).toMatchObject({ visible: 1, inFlight: 0 });
      const got = await client.send(new ReceiveMessageCommand({ QueueUrl: await url('results'), MaxNumberOfMessages: 10 }));
      expect(got.Messages).toHaveLength(1);
      expect(JSON.parse(got.Messages![0].Body!)).toMatchObject({ item: 0, pod: 'sqs-test-send-abcde', part: 0, parts: 1, primes: [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97] });
      // Without RESULTS_QUEUE the primes go to the log, one per line, as maho/pn_generator prints them.
      const toLog = await run(['prime-worker', '--queue', 'work', '--wait', '1']);
      expect(toLog.exitCode).toBe(0);
      expect(toLog.stdout).toContain('101\n103\n107\n');
      expect(toLog.stdout).toMatch(/^item 1 \[100, 200\): 21 primes$/m);
      const empty = await run(['prime-worker', '--queue', 'work', '--wait', '0']);
      expect(empty.exitCode).toBe(1);
      expect(empty.stderr).toBe('sqs-test prime-worker: no work item in work after waiting 0 s\n');
    } finally {
      client.destroy();
    }
  });
});
