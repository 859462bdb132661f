import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, startTestCluster, type TestCluster } from '../e2e-helpers';

// Real kubectl against the embedded cluster, with the real scheduler and kubelet running busybox
// pods, on a virtual clock 20× faster than real time (a 10 s backoff takes half a second).
let tc: TestCluster;
beforeAll(async () => {
  tc = await startTestCluster({ speed: 20 });
});
afterAll(async () => {
  await tc?.stop();
});

const indexedJob = `apiVersion: batch/v1
kind: Job
metadata:
  name: idx
spec:
  completionMode: Indexed
  completions: 3
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
        command: ["sh", "-c", "echo index $JOB_COMPLETION_INDEX on $HOSTNAME"]
`;

const failingJob = `apiVersion: batch/v1
kind: Job
metadata:
  name: boom
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
        command: ["sh", "-c", "exit 3"]
`;

describe('Jobs through kubectl and the kubelet', () => {
  it('runs an Indexed Job to Complete; each pod sees its JOB_COMPLETION_INDEX and hostname', async () => {
    expect((await tc.kubectl(['apply', '-f', '-'], indexedJob)).stdout).toContain('job.batch/idx created');
    const wait = await tc.kubectl(['wait', '--for=condition=complete', 'job/idx', '--timeout=60s']);
    expect(wait.stdout).toContain('job.batch/idx condition met');
    const table = rows((await tc.kubectl(['get', 'job', 'idx'])).stdout);
    expect(table[0]).toBe('NAME | STATUS | COMPLETIONS | DURATION | AGE');
    expect(table[1]).toMatch(/^idx \| Complete \| 3\/3 \| /);
    const completed = await tc.kubectl(['get', 'job', 'idx', '-o', 'jsonpath={.status.completedIndexes}']);
    expect(completed.stdout).toBe('0-2');
    const pod1 = await tc.kubectl(['get', 'pods', '-l', 'batch.kubernetes.io/job-completion-index=1', '-o', 'jsonpath={.items[0].metadata.name}']);
    expect(pod1.stdout).toMatch(/^idx-1-[a-z0-9]{5}$/);
    expect((await tc.kubectl(['logs', pod1.stdout])).stdout.trim()).toBe('index 1 on idx-1');
  });

  it('fails a Job after backoffLimit + 1 failed pods, shown by kubectl get and describe', async () => {
    await tc.kubectl(['apply', '-f', '-'], failingJob);
    const wait = await tc.kubectl(['wait', '--for=condition=failed', 'job/boom', '--timeout=60s']);
    expect(wait.stdout).toContain('job.batch/boom condition met');
    expect(rows((await tc.kubectl(['get', 'job', 'boom'])).stdout)[1]).toMatch(/^boom \| Failed \| 0\/1 \| /);
    const pods = await tc.kubectl(['get', 'pods', '-l', 'job-name=boom', '-o', 'jsonpath={.items[*].status.phase}']);
    expect(pods.stdout.split(' ')).toEqual(['Failed', 'Failed']);
    const describe = (await tc.kubectl(['describe', 'job', 'boom'])).stdout;
    expect(describe).toMatch(/Pods Statuses:\s+0 Active \(0 Ready\) \/ 0 Succeeded \/ 2 Failed/);
    expect(describe).toMatch(/Warning\s+BackoffLimitExceeded\s+.*Job has reached the specified backoff limit/);
  });
});
