import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitRoot } from '../../src/env/paths';
import { collectionPath, connect, watch, type KubeClient } from '../../src/kube';
import { deleteJobAndPods, parseSqsConfig, runPrimeWorkQueue, SQS_JOB_MANIFEST, runSqsJobExperiment, sqsJobManifests, startEndpoint, type SqsEndpoint } from '../../src/sqs';
import { kubectlWith, rows, until } from '../cluster/e2e-helpers';
import { tempHome } from '../cluster/helpers';

// The cluster runs in its own process (`kit cluster start --detach`), as with `kit start`; its pods
// reach the SQS endpoint in this process over HTTP, through the SQS_ENDPOINT the manifests carry.
const home = tempHome('kit-sqs-job-');
const kit = (...args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(kitRoot, 'bin', 'kit.js'), ...args], { env: { ...process.env, KIT_HOME: home }, encoding: 'utf8', timeout: 90_000 });
  return { code: r.status, out: r.stdout + r.stderr };
};
const kubeconfig = path.join(home, 'kubeconfig');
const kubectl = kubectlWith(kubeconfig);
let ep: SqsEndpoint;
let kube: KubeClient;

beforeAll(async () => {
  spawnSync(process.execPath, [path.join(kitRoot, 'bin', 'kit.js'), 'build', '--if-stale'], { stdio: 'ignore' });
  const started = kit('cluster', 'start', '--detach', '--port', '0', '--speed', '10');
  expect(started.code, started.out).toBe(0);
  ep = await startEndpoint({ port: 0, config: parseSqsConfig({ queues: [] }) });
  kube = await connect({ kubeconfig, allowReal: true });
});
afterAll(async () => {
  kit('cluster', 'stop');
  await ep?.stop();
});

describe('the parallelism-20 Job experiment', () => {
  it('20 send pods each send their share, 20 receive pods drain the queues, 0 lost', async () => {
    const exp = await runSqsJobExperiment(kube, { endpoint: ep.url, parallelism: 20, messagesPerPod: 50, size: 1024, idleSec: 1 });
    expect(exp.send).toMatchObject({ job: 'sqs-test-send', outcome: 'Complete', parallelism: 20, messages: 1000 });
    expect(exp.send.pods).toHaveLength(20);
    for (const p of exp.send.pods) expect(p).toMatchObject({ messages: 50, exitCode: 0 });
    expect(exp.send.pods.every((p) => p.msgPerSec > 0 && p.end >= p.start)).toBe(true);
    expect(exp.queuedAfterSend).toBe(1000);
    expect(exp.receive).toMatchObject({ job: 'sqs-test-receive', outcome: 'Complete', messages: 1000 });
    expect(exp.receive.pods).toHaveLength(20);
    expect(exp.receive.pods.every((p) => p.exitCode === 0)).toBe(true);
    expect(exp).toMatchObject({ remaining: 0, lost: 0, duplicates: 0 });
    expect((await ep.depths()).filter((d) => d.name.startsWith('linuxer-sqs-')).map((d) => d.visible + d.inFlight)).toEqual([0, 0, 0, 0]);

    // What the seed showed with `k get pod`: 20 send pods, 0/1 Completed.
    const pods = await kubectl(['get', 'pods', '-l', 'batch.kubernetes.io/job-name=sqs-test-send', '--no-headers']);
    const lines = rows(pods.stdout);
    expect(lines).toHaveLength(20);
    // AGE is virtual (clock 10×): seconds, or minutes and seconds when the machine is slow.
    for (const l of lines) expect(l).toMatch(/^sqs-test-send-[a-z0-9]{5} \| 0\/1 \| Completed \| 0 \| (\d+s|\d+m(\d+s)?)$/);
    const log = await kubectl(['logs', exp.send.pods[0].pod]);
    expect(log.stdout).toMatch(/^sent 50 messages in [\d.]+ s: \d+ msg\/s \(0 failed\)$/m);
  });

  it('a pod that cannot reach SQS_ENDPOINT exits 1 with one line in its log (kubectl apply of the manifest)', async () => {
    const job = sqsJobManifests({ endpoint: 'http://127.0.0.1:9', parallelism: 1, messagesPerPod: 10 }).send;
    job.metadata.name = 'sqs-test-unreachable';
    (job.spec as { backoffLimit: number }).backoffLimit = 0;
    const applied = await kubectl(['apply', '-f', '-'], YAML.stringify(job));
    expect(applied.stdout.trim()).toBe('job.batch/sqs-test-unreachable created');
    const pod = await until('the pod to fail', async () => {
      const r = await kubectl(['get', 'pods', '-l', 'batch.kubernetes.io/job-name=sqs-test-unreachable', '--no-headers']);
      return / Error /.test(r.stdout) && r.stdout.trim().split(/\s+/)[0];
    }, 30_000);
    const log = await kubectl(['logs', pod]);
    expect(log.stdout).toBe('sqs-test: cannot reach the SQS endpoint http://127.0.0.1:9 (ECONNREFUSED); set SQS_ENDPOINT in the pod spec to the URL `kit sqs start` (or `kit start`) printed\n');
    const exit = await kubectl(['get', 'pod', pod, '-o', 'jsonpath={.status.containerStatuses[0].state.terminated.exitCode}']);
    expect(exit.stdout).toBe('1');
  });
});

describe('kubectl delete pod during a send', () => {
  it('SIGTERM stops the pod cleanly: exit code 143, every message it counted is on the queue', async () => {
    const job = sqsJobManifests({ endpoint: ep.url, parallelism: 1, messagesPerPod: 1_000_000, size: 512, concurrency: 2, queues: ['kill-me'] }).send;
    job.metadata.name = 'sqs-test-killed';
    (job.spec as { backoffLimit: number }).backoffLimit = 0;
    await kubectl(['apply', '-f', '-'], YAML.stringify(job));
    const depth = async () => (await ep.depths()).find((d) => d.name === 'kill-me')?.visible ?? 0;
    await until('the pod to send', async () => (await depth()) >= 100, 30_000);
    const pod = (await kubectl(['get', 'pods', '-l', 'batch.kubernetes.io/job-name=sqs-test-killed', '-o', 'name'])).stdout.trim().split('\n')[0].replace('pod/', '');
    // Watch the pod's last statuses: the one written before it is removed carries the exit code.
    let exitCode: number | undefined;
    const stop = await watch(kube, collectionPath('v1', 'pods', 'default'), { fieldSelector: `metadata.name=${pod}` }, (e) => {
      const t = (e.object.status as { containerStatuses?: Array<{ state?: { terminated?: { exitCode: number } } }> } | undefined)?.containerStatuses?.[0]?.state?.terminated;
      if (t) exitCode = t.exitCode;
    });
    try {
      // Follow the log from before the delete: once the pod is gone, so is its log.
      const follow = spawn('kubectl', ['--kubeconfig', kubeconfig, 'logs', '-f', pod]);
      let log = '';
      follow.stdout.on('data', (d) => (log += d));
      const ended = new Promise((r) => follow.on('close', r));
      await until('kubectl logs -f to show the first line', () => log.includes('sqs-test send:'), 30_000);
      await kubectl(['delete', 'pod', pod, '--wait=false']);
      await until('the container to end', () => exitCode !== undefined, 30_000);
      expect(exitCode).toBe(143);
      await ended;
      expect(log).toContain('sqs-test: stopped by SIGTERM');
      const sent = /^sent (\d+) messages/m.exec(log);
      expect(Number(sent![1])).toBe(await depth());
    } finally {
      stop();
      await deleteJobAndPods(kube, 'sqs-test-killed');
    }
  });
});

describe('the manifest file with kubectl, as the README shows it', () => {
  it('send Job by its label, wait for it, then the receive Job: all pods Completed, the queues empty', async () => {
    // The file as written, with this test's endpoint (the file says `kit start`'s :4566) 5 messages per pod and 1 s of idle.
    const text = fs.readFileSync(SQS_JOB_MANIFEST, 'utf8').replaceAll('http://127.0.0.1:4566', ep.url).replace(/(name: MESSAGES[^\n]*\n\s*value: )"1000"/, '$1"5"').replace(/(name: IDLE[^\n]*\n\s*value: )"5"/, '$1"1"');
    for (const job of ['sqs-test-send', 'sqs-test-receive', 'sqs-test-unreachable']) await deleteJobAndPods(kube, job);
    const send = await kubectl(['apply', '-f', '-', '-l', 'kit.dev/step=send'], text);
    expect(send.stdout.trim()).toBe('job.batch/sqs-test-send created');
    const waited = await kubectl(['wait', '--for=condition=complete', 'job/sqs-test-send', '--timeout=120s']);
    expect(waited.stdout.trim()).toBe('job.batch/sqs-test-send condition met');
    const receive = await kubectl(['apply', '-f', '-', '-l', 'kit.dev/step=receive'], text);
    expect(receive.stdout.trim()).toBe('job.batch/sqs-test-receive created');
    await kubectl(['wait', '--for=condition=complete', 'job/sqs-test-receive', '--timeout=120s']);
    const pods = rows((await kubectl(['get', 'pods', '-l', 'kit.dev/experiment=sqs-job', '--no-headers'])).stdout);
    expect(pods).toHaveLength(40);
    for (const l of pods) expect(l).toMatch(/^sqs-test-(send|receive)-[a-z0-9]{5} \| 0\/1 \| Completed \| 0 \| /);
    const received = await Promise.all(pods.filter((l) => l.startsWith('sqs-test-receive-')).map(async (l) => (await kubectl(['logs', l.split(' | ')[0]])).stdout));
    expect(received.reduce((n, log) => n + Number(/^received (\d+) messages/m.exec(log)![1]), 0)).toBe(100);
    expect((await ep.depths()).filter((d) => d.name.startsWith('linuxer-sqs-')).map((d) => d.visible + d.inFlight)).toEqual([0, 0, 0, 0]);
  });
});

describe('the work-queue pattern (seed 004) with SQS', () => {
  it('one item per pod, every prime of the range exactly once, no item left in the queue', async () => {
    const r = await runPrimeWorkQueue(kube, { endpoint: ep.url, start: 2, size: 20_000, items: 6, workers: 2 });
    expect(r.job).toMatchObject({ name: 'primes', outcome: 'Complete', completions: 6, parallelism: 2, succeeded: 6, failed: 0 });
    expect(r.items.map((i) => [i.item, i.start, i.size])).toEqual([[0, 2, 3334], [1, 3336, 3334], [2, 6670, 3333], [3, 10003, 3333], [4, 13336, 3333], [5, 16669, 3333]]);
    // Each item done by exactly one pod, and each pod did exactly one item.
    expect(new Set(r.items.map((i) => i.pod)).size).toBe(6);
    expect(r.items.every((i) => !i.pod.includes(','))).toBe(true);
    expect(r.check).toEqual({ expected: 2262, found: 2262, missing: [], duplicates: 0, extra: 0, exactlyOnce: true });
    expect(r.itemsLeft).toBe(0);
    for (const p of r.pods) expect(p.log).toMatch(/^item \d \[\d+, \d+\): \d+ primes in 1 result message to primes-results$/m);
  });
});
