import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSqsConfig, SqsEndpoint, startEndpoint } from '../../src/sqs/endpoint';
import { kitAsync, root, tempDir } from './helpers';

let ep: SqsEndpoint;
const home = tempDir();
const env = { KIT_HOME: home };
// No credentials anywhere the SDK looks, and no instance metadata service to wait for.
const noAws = {
  ...env,
  HOME: home,
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_SESSION_TOKEN: '',
  AWS_PROFILE: '',
  AWS_CONFIG_FILE: path.join(home, 'no-config'),
  AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
  AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
  AWS_WEB_IDENTITY_TOKEN_FILE: '',
  AWS_REGION: 'ap-northeast-2',
};

beforeAll(async () => {
  ep = await startEndpoint({ port: 0, config: parseSqsConfig({ queues: ['cli-1', 'cli-2'] }) });
});
afterAll(async () => {
  await ep?.stop();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('kit sqs load (CLI)', () => {
  it('send --json prints the report and writes the results files', async () => {
    const out = path.join(home, 'out');
    const r = await kitAsync(['sqs', 'load', 'send', '--endpoint', ep.url, '--queues', 'cli-1,cli-2', '--messages', '200', '--size', '10240', '--batch', '10', '--concurrency', '4', '--json', '--out', out], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout);
    expect(rep).toMatchObject({ mode: 'send', sent: 200, queues: ['cli-1', 'cli-2'], settings: { batch: 10, size: 10240 } });
    expect(fs.existsSync(rep.files.json) && fs.existsSync(rep.files.csv)).toBe(true);
    expect(path.dirname(rep.files.json)).toBe(out);
  });

  it('receive prints a plain summary with the loss accounting', async () => {
    const r = await kitAsync(['sqs', 'load', 'receive', '--endpoint', ep.url, '--queues', 'cli-1,cli-2', '--idle', '1', '--expect', '200'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('received     200 msg');
    expect(r.stdout).toMatch(/lost {9}0 = sent 200 − received 200 − DLQ 0 − still queued 0\n/);
    expect(r.stdout).toContain(`results      ${path.join(home, 'results')}`);
  });

  it.each([
    [['--batch', '11'], '--batch must be 1–10, got 11'],
    [['--size', '1048577', '--batch', '1'], "over SQS's 1 MiB (1048576 bytes) message limit"],
    [['--size', '204800', '--batch', '10'], "a batch of 10 × 204800 bytes is over SQS's 1 MiB limit for a whole batch. Use --batch 5"],
    [['--queues', 'cli-1,nope'], 'queue nope does not exist at http'],
    [['--queues', 'nope'], `Declare it in ${path.join(home, 'sqs.yaml')} and restart \`kit sqs start\`, or pass --create-queues.`],
    [['--batch', 'abc'], "option '--batch <n>' argument 'abc' is invalid. It takes a number."],
    [['--max-attempts', '0'], 'kit: --max-attempts must be a whole number > 0, got 0.'],
    [['--endpoint', 'notaurl'], 'kit: --endpoint must be an http:// or https:// URL, got "notaurl". Use http://127.0.0.1:4566'],
    [['--endpoint', 'localhost:4566'], '--endpoint must be an http:// or https:// URL, got "localhost:4566". Use http://127.0.0.1:4566'],
    [['--endpoint', '127.0.0.1:4566'], '--endpoint must be an http:// or https:// URL, got "127.0.0.1:4566". Use http://127.0.0.1:4566'],
  ])('rejects %j with exit 2 and one line naming the fix', async (extra, message) => {
    const args = ['sqs', 'load', 'send', '--endpoint', ep.url, '--queues', 'cli-1', '--messages', '10', ...extra];
    const r = await kitAsync(args, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it.each([
    [['sqs', 'queues', '--endpoint', '127.0.0.1:4566'], '--endpoint must be an http:// or https:// URL, got "127.0.0.1:4566". Use http://127.0.0.1:4566'],
    [['sqs', 'load', 'receive', '--queues', 'cli-1', '--visibility', '50000'], '--visibility must be a whole number 0–43200, got 50000'],
    [['sqs', 'load', 'run', '--queues', 'cli-1', '--messages', '10', '--visibility', '-1'], '--visibility must be a whole number 0–43200, got -1'],
  ])('rejects %j with one line, no stack trace', async (args, message) => {
    const r = await kitAsync([...args, ...(args[1] === 'load' ? ['--endpoint', ep.url] : [])], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('says how to start the endpoint when nothing listens', async () => {
    const r = await kitAsync(['sqs', 'load', 'send', '--endpoint', 'http://127.0.0.1:9', '--queues', 'q', '--messages', '10', '--max-attempts', '1'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot reach the SQS endpoint http://127.0.0.1:9 (ECONNREFUSED)');
    expect(r.stderr).toContain('kit sqs start');
  });
});

describe('the README example', () => {
  it('sends to and drains queues that do not exist yet, as written (smaller)', async () => {
    const block = /## The embedded SQS endpoint and the load tester\n\n```sh\n([\s\S]*?)```/.exec(fs.readFileSync(path.join(root, 'README.md'), 'utf8'))![1];
    const lines = block.split('\n').filter((l) => /^npx kit sqs load (send|receive) --endpoint/.test(l));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const args = line.replace(/^npx kit /, '').replace('http://127.0.0.1:4566', ep.url).replace('--messages 100000', '--messages 200').split(/\s+/);
      const r = await kitAsync(args, env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(args[2] === 'send' ? /sent {9}200 msg/ : /received {5}200 msg/);
    }
  });
});

describe('kit sqs queues', () => {
  it('lists every queue with its depth', async () => {
    const r = await kitAsync(['sqs', 'queues', '--endpoint', ep.url, '--json'], env);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ queue: string; visible: number; inFlight: number; dlq: string }>;
    const names = rows.map((q) => q.queue); // cli-1, cli-2, and a–d when the README example ran first
    expect(names).toEqual([...names].sort((x, y) => x.localeCompare(y)));
    expect(names).toEqual(expect.arrayContaining(['cli-1', 'cli-2']));
    expect(rows.every((q) => q.visible === 0 && q.inFlight === 0 && q.dlq === '')).toBe(true);
  });
});

describe('kit sqs load --aws', () => {
  it('stops before anything is sent when there are no credentials', async () => {
    const r = await kitAsync(['sqs', 'load', 'send', '--aws', '--queues', 'linuxer-sqs-1', '--messages', '1000'], noAws);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no AWS credentials found for --aws');
    expect(r.stderr).not.toContain('Estimated cost');
  });

  it('prints the estimated bill and sends nothing when the answer is not yes', async () => {
    const creds = { ...noAws, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example' };
    // The seed's run: 1,000,000 messages of 10 KB in batches of 10, sent and received.
    const r = await kitAsync(['sqs', 'load', 'run', '--aws', '--queues', 'linuxer-sqs-1,linuxer-sqs-2,linuxer-sqs-3,linuxer-sqs-4', '--messages', '1000000', '--size', '10240'], creds, 'n\n');
    // 100,000 batches × 2 chunks of 64 KB to send, the same to receive, 100,000 deletes.
    // Empty receives are billed too: 32 loops (the ramp's most) × 3 long polls of 2 s in the 5 s idle time.
    expect(r.stderr).toContain('500,096 billed requests (200,000 send + 200,000 receive + 100,000 delete + about 96 empty receives (an estimate: 32 receive loops × 3 long polls in the 5 s idle time at the end)');
    expect(r.stderr).toContain('≈ $0.20 at $0.40 per million');
    expect(r.stderr).toContain('Send to real SQS? [y/N]');
    expect(r.stderr).toContain('not confirmed: nothing was sent to SQS');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
  });
});

describe('kit sqs load receive --aws', () => {
  it('asks about receiving, and counts the empty receives of its loops', async () => {
    const creds = { ...noAws, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example' };
    const r = await kitAsync(['sqs', 'load', 'receive', '--aws', '--queues', 'q', '--messages', '1000', '--concurrency', '4', '--idle', '20'], creds, 'n\n');
    // 100 receives of 10 × 10 KB (2 chunks each) + 100 deletes + 4 loops × one 20 s poll.
    expect(r.stderr).toContain('304 billed requests (200 receive + 100 delete + about 4 empty receives (an estimate: 4 receive loops × 1 long polls in the 20 s idle time at the end)');
    expect(r.stderr).toContain('Receive from real SQS? [y/N]');
    expect(r.stderr).toContain('not confirmed: nothing was received from SQS');
    expect(r.code).toBe(1);
  });
});

describe('kit sqs start', () => {
  it('starts the endpoint from a config file, serves the load tester, and stops on SIGINT', async () => {
    const cfg = path.join(home, 'sqs.yaml');
    fs.writeFileSync(cfg, 'queues:\n  - name: started\n    dlq: started-dlq\n    maxReceiveCount: 3\n  - started-dlq\n');
    const child = spawn(process.execPath, [path.join(root, 'bin', 'kit.js'), 'sqs', 'start', '--port', '0'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no endpoint line:\n${out}`)), 60_000);
        child.stdout.on('data', () => {
          const m = /SQS endpoint: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m && out.includes('Ctrl-C stops it.')) {
            clearTimeout(t);
            resolve(m[1]);
          }
        });
      });
      expect(out).toContain('queues: started (DLQ started-dlq after 3 receives), started-dlq');
      const r = await kitAsync(['sqs', 'load', 'run', '--endpoint', url, '--queues', 'started', '--messages', '100', '--size', '1024', '--idle', '1', '--json'], env);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).accounting).toMatchObject({ sent: 100, received: 100, lost: 0 });
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGINT'); // never leave an endpoint behind, even on failure
    }
    // No injection configured: the requests are counted all the same (10 sends, receives, deletes, lookups).
    expect(Number(/stopped after (\d+) requests/.exec(out)?.[1])).toBeGreaterThanOrEqual(20);
  });

  it('exits with one line, without listening, when the config file has a DLQ cycle', async () => {
    const cfg = path.join(home, 'cycle.yaml');
    fs.writeFileSync(cfg, 'queues:\n  - { name: a, dlq: b }\n  - { name: b, dlq: a }\n');
    const r = await kitAsync(['sqs', 'start', '--port', '0', '--config', cfg], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`kit: ${cfg}: the DLQs form a cycle: a → b → a.`);
    expect(r.stdout).not.toContain('SQS endpoint:');
  });

  it.each([
    [['--port', 'abc'], "option '--port <port>' argument 'abc' is invalid. It takes a number."],
    [['--port', '70000'], 'kit: --port must be a whole number 0–65535, got 70000. e.g. --port 4566 (the default), or --port 0 for a free one.'],
    [['--latency', '-5'], 'kit: --latency must be a number of milliseconds ≥ 0, got -5. e.g. --latency 20 --jitter 5'],
    [['--throttle-rate', '5'], 'kit: --throttle-rate must be between 0 and 1 (a share), got 5'],
  ])('rejects %j with its own hint', async (extra, message) => {
    const r = await kitAsync(['sqs', 'start', ...extra], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    if (extra[0] !== '--throttle-rate') expect(r.stderr).not.toContain('Rates are shares');
  });
});
