import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, until, type TestCluster } from '../e2e-helpers';

// One node with 1 CPU, so a high-priority pod fits only if the scheduler preempts (preemption.go):
// the victim gets DisruptionTarget/PreemptionByScheduler, is deleted, and a Job's podFailurePolicy
// can match that condition. Real kubectl shows what a learner sees; virtual clock 20×.
let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster({ speed: 20, nodes: { count: 1, cpu: '1' } });
});
afterAll(async () => {
  await t?.stop();
});

/** A pod spec that asks for most of the node's CPU and sleeps (virtual seconds). */
function podSpec(priority: number, sleep: number, indent: string): string {
  const lines = [`priority: ${priority}`, 'restartPolicy: Never', 'containers:', `- {name: work, image: busybox, command: ["sh", "-c", "sleep ${sleep}"], resources: {requests: {cpu: 800m}}}`];
  return lines.map((l) => indent + l + '\n').join('');
}

function lowJob(name: string, podFailurePolicy: string): string {
  return `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
  backoffLimit: 0
${podFailurePolicy}  template:
    spec:
${podSpec(0, 20, '      ')}`;
}

const ignoreDisruption = `  podFailurePolicy:
    rules:
    - action: Ignore
      onPodConditions: [{type: DisruptionTarget}]
`;

function urgentPod(name: string): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
${podSpec(1000, 5, '  ')}`;
}

async function runningPod(job: string): Promise<string> {
  return until(`a running pod of ${job}`, async () => {
    const r = await t.kubectl(['get', 'pods', '-l', `job-name=${job}`, '--field-selector', 'status.phase=Running', '-o', 'jsonpath={.items[0].metadata.name}']);
    return r.stdout || undefined;
  }, 30_000);
}

async function preemptWith(job: string, urgent: string): Promise<string> {
  const victim = await runningPod(job);
  expect((await t.kubectl(['apply', '-f', '-'], urgentPod(urgent))).stdout.trim()).toBe(`pod/${urgent} created`);
  await until(`${urgent} to run`, async () => (await t.kubectl(['get', 'pod', urgent, '-o', 'jsonpath={.spec.nodeName}'])).stdout !== '', 30_000);
  const uid = (await t.kubectl(['get', 'pod', urgent, '-o', 'jsonpath={.metadata.uid}'])).stdout;
  const ev = await t.kubectl(['get', 'events', '--field-selector', `involvedObject.name=${victim},reason=Preempted`, '-o', 'jsonpath={.items[*].message}']);
  expect(ev.stdout).toBe(`Preempted by pod ${uid} on node kit-node-1`);
  return victim;
}

describe('preemption evicts lower-priority pods with DisruptionTarget', () => {
  it('a Job whose podFailurePolicy ignores DisruptionTarget does not count the preempted pod and completes', async () => {
    await t.kubectl(['apply', '-f', '-'], lowJob('low', ignoreDisruption));
    const victim = await preemptWith('low', 'urgent');
    expect((await t.kubectl(['get', 'pod', victim, '--ignore-not-found', '-o', 'name'])).stdout).toBe('');
    const wait = await t.kubectl(['wait', '--for=condition=complete', 'job/low', '--timeout=60s']);
    expect(wait.stdout.trim()).toBe('job.batch/low condition met');
    const counts = await t.kubectl(['get', 'job', 'low', '-o', 'jsonpath={.status.succeeded}/{.status.failed}']);
    expect(counts.stdout).toBe('1/');
    await t.kubectl(['delete', 'pod', 'urgent']);
  });

  it('without the rule, the same preemption fails the Job (backoffLimit 0)', async () => {
    await t.kubectl(['apply', '-f', '-'], lowJob('plain', ''));
    await preemptWith('plain', 'urgent-2');
    const wait = await t.kubectl(['wait', '--for=condition=failed', 'job/plain', '--timeout=60s']);
    expect(wait.stdout.trim()).toBe('job.batch/plain condition met');
    expect((await t.kubectl(['get', 'job', 'plain', '-o', 'jsonpath={.status.conditions[?(@.type=="Failed")].reason}'])).stdout).toBe('BackoffLimitExceeded');
  });
});
