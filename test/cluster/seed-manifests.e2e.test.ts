import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, startTestCluster, until, type TestCluster } from './e2e-helpers';

// The seeds' Job manifests, copied byte for byte from seed 002 (pi) and seed 004 (normal-end,
// abnormal-end, prime-number, Korean comments included) into fixtures/seeds, applied with real
// kubectl as a learner types it: `kubectl apply -f <file>`, then wait, logs, delete.
const seeds = path.join(__dirname, 'fixtures/seeds');
const seedFile = (name: string) => path.join(seeds, name);
const perl = JSON.parse(fs.readFileSync(path.join(__dirname, 'images/fixtures/perl-bpi.json'), 'utf8')) as { stdout: Record<string, string> };

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster({ speed: 20 });
});
afterAll(async () => {
  await t?.stop();
});

async function podsOf(job: string): Promise<string[]> {
  const out = await t.kubectl(['get', 'pods', '-l', `job-name=${job}`, '-o', 'jsonpath={.items[*].metadata.name}']);
  return out.stdout.split(' ').filter(Boolean);
}

/** `kubectl delete job`, then the pods go too (background propagation, the garbage collector). */
async function deleteJobAndPods(job: string): Promise<void> {
  const pods = await podsOf(job);
  expect(pods.length).toBeGreaterThan(0);
  expect((await t.kubectl(['delete', 'job', job])).stdout.trim()).toBe(`job.batch "${job}" deleted`);
  await until(`the pods of ${job} to go`, async () => (await podsOf(job)).length === 0, 30_000);
  const none = await t.kubectl(['get', 'pods', '-l', `job-name=${job}`]);
  expect(none.stderr.trim()).toBe('No resources found in default namespace.');
  const gone = await t.kubectl(['logs', pods[0]]);
  expect(gone.stderr.trim()).toBe(`error: error from server (NotFound): pods "${pods[0]}" not found in namespace "default"`);
}

describe('the seeds\' Job manifests, verbatim, through kubectl', () => {
  it('seed 002 pi: 5 completions, each log is the 2000 digits the seed prints; delete removes the pods', async () => {
    expect((await t.kubectl(['apply', '-f', seedFile('002-pi.yaml')])).stdout.trim()).toBe('job.batch/pi created');
    expect((await t.kubectl(['wait', '--for=condition=complete', 'job/pi', '--timeout=60s'])).stdout.trim()).toBe('job.batch/pi condition met');
    expect(rows((await t.kubectl(['get', 'job', 'pi'])).stdout)[1]).toMatch(/^pi \| Complete \| 5\/5 \| \d+s \| \d+s$/);
    const pods = await podsOf('pi');
    expect(pods).toHaveLength(5);
    // The seed's own output line: "3." and 1999 more digits (2000 significant digits).
    const seedLine = perl.stdout['2000'];
    expect(seedLine).toMatch(/^3\.\d{1999}\n$/);
    expect(seedLine.endsWith('4780275901\n')).toBe(true);
    for (const p of pods) expect((await t.kubectl(['logs', p])).stdout).toBe(seedLine);
    await deleteJobAndPods('pi');
  });

  it('seed 004 normal-end: the seed\'s tab is a YAML error in kubectl; with two spaces it completes 6 pods', async () => {
    const verbatim = fs.readFileSync(seedFile('004-normal-end.yaml'), 'utf8');
    expect(verbatim).toContain('\tparallelism: 2');
    const bad = await t.kubectl(['apply', '-f', seedFile('004-normal-end.yaml')]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim()).toBe(`error: error parsing ${seedFile('004-normal-end.yaml')}: error converting YAML to JSON: yaml: line 14: found character that cannot start any token`);
    expect((await t.kubectl(['get', 'job', 'normal-end'])).stderr.trim()).toBe('Error from server (NotFound): jobs.batch "normal-end" not found');

    const fixed = verbatim.replace('\tparallelism', '  parallelism');
    expect((await t.kubectl(['apply', '-f', '-'], fixed)).stdout.trim()).toBe('job.batch/normal-end created');
    expect((await t.kubectl(['wait', '--for=condition=complete', 'job/normal-end', '--timeout=60s'])).stdout.trim()).toBe('job.batch/normal-end condition met');
    const phases = await t.kubectl(['get', 'pods', '-l', 'job-name=normal-end', '-o', 'jsonpath={.items[*].status.phase}']);
    expect(phases.stdout.split(' ')).toEqual(Array(6).fill('Succeeded'));
    await deleteJobAndPods('normal-end');
  });

  it('seed 004 abnormal-end: 4 failed pods, then BackoffLimitExceeded in describe; delete removes the pods', async () => {
    expect((await t.kubectl(['apply', '-f', seedFile('004-abnormal-end.yaml')])).stdout.trim()).toBe('job.batch/abnormal-end created');
    expect((await t.kubectl(['wait', '--for=condition=failed', 'job/abnormal-end', '--timeout=60s'])).stdout.trim()).toBe('job.batch/abnormal-end condition met');
    expect(rows((await t.kubectl(['get', 'job', 'abnormal-end'])).stdout)[1]).toMatch(/^abnormal-end \| Failed \| 0\/1 \| /);
    const phases = await t.kubectl(['get', 'pods', '-l', 'job-name=abnormal-end', '-o', 'jsonpath={.items[*].status.phase}']);
    expect(phases.stdout.split(' ')).toEqual(Array(4).fill('Failed'));
    const describe = (await t.kubectl(['describe', 'job', 'abnormal-end'])).stdout;
    expect(describe).toMatch(/Pods Statuses:\s+0 Active \(0 Ready\) \/ 0 Succeeded \/ 4 Failed/);
    expect(describe).toMatch(/Warning\s+BackoffLimitExceeded\s+.*Job has reached the specified backoff limit/);
    await deleteJobAndPods('abnormal-end');
  });

  it('seed 004 prime-number: the log has the 9592 primes below 10**5, 2 first and 99991 last', async () => {
    expect((await t.kubectl(['apply', '-f', seedFile('004-prime-number.yaml')])).stdout.trim()).toBe('job.batch/prime-number created');
    expect((await t.kubectl(['wait', '--for=condition=complete', 'job/prime-number', '--timeout=60s'])).stdout.trim()).toBe('job.batch/prime-number condition met');
    const [pod] = await podsOf('prime-number');
    const lines = (await t.kubectl(['logs', pod])).stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(9592);
    expect([lines[0], lines[1], lines[2], lines.at(-1)]).toEqual(['2', '3', '5', '99991']);
    expect((await t.kubectl(['logs', pod, '--tail=1'])).stdout).toBe('99991\n');
    await deleteJobAndPods('prime-number');
  });
});
