import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareJobLayouts, cronRuns, eventsFor, podRows, podsPerNode, runJob, startLabCluster, waitVirtual, workQueue, type LabCluster } from '../../src/batch';
import { podLogs } from '../../src/kube/objects';

// The helpers behind notebook 01's later sections, on the same kind of lab cluster (30×).
let lab: LabCluster;
beforeAll(async () => {
  lab = await startLabCluster({ speed: 30 });
});
afterAll(async () => {
  await lab?.stop();
});

const job = (name: string, spec: string, container: string, restartPolicy = 'Never') => `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
${spec}
  template:
    spec:
      restartPolicy: ${restartPolicy}
      containers:
      - ${container}
`;

describe('notebook 01 helpers', () => {
  it('podRows: a bare pod restarts after its work ends, a Job pod succeeds once', async () => {
    await lab.apply(`apiVersion: v1
kind: Pod
metadata: {name: bare}
spec:
  containers:
  - {name: work, image: busybox, command: ["sh", "-c", "sleep 5"]}
`);
    await runJob(lab, job('once', '  completions: 1', '{name: work, image: busybox, command: ["sh", "-c", "sleep 5"]}'));
    await waitVirtual(lab, 30);
    const rows = podRows(lab);
    expect(rows.find((r) => r.pod === 'bare')).toMatchObject({ owner: '(none)', phase: 'Running', exitCodes: '0' });
    expect(rows.find((r) => r.pod === 'bare')!.restarts).toBeGreaterThan(0);
    expect(rows.find((r) => r.owner === 'Job/once')).toMatchObject({ phase: 'Succeeded', restarts: 0, exitCodes: '0' });
    await lab.remove('Pod', 'bare');
    expect(podRows(lab).map((r) => r.pod)).not.toContain('bare');
  });

  it('podsPerNode: a DaemonSet puts exactly one pod on each node, and its pods restart after the work ends', async () => {
    await lab.apply(`apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds}
spec:
  selector: {matchLabels: {app: ds}}
  template:
    metadata: {labels: {app: ds}}
    spec:
      containers:
      - {name: work, image: busybox, command: ["sh", "-c", "sleep 5"]}
`);
    await waitVirtual(lab, 30);
    expect(podsPerNode(lab).map((r) => [r.node, r['DaemonSet/ds']])).toEqual([['kit-node-1', 1], ['kit-node-2', 1], ['kit-node-3', 1]]);
    const ds = podRows(lab, 'app=ds');
    expect(ds).toHaveLength(3);
    for (const r of ds) expect(r.phase === 'Running' && r.restarts > 0, JSON.stringify(r)).toBe(true);
    await lab.remove('DaemonSet', 'ds');
  });

  it('runJob: activeDeadlineSeconds ends the Job with DeadlineExceeded after 10 virtual seconds', async () => {
    const run = await runJob(lab, job('deadline', '  activeDeadlineSeconds: 10', '{name: work, image: busybox, command: ["sh", "-c", "sleep 60"]}'));
    expect([run.outcome, run.reason, run.message, run.seconds]).toEqual(['Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline', 10]);
    expect(run.pods).toHaveLength(0);
    expect(run.seen).toHaveLength(1);
  });

  it('runJob.seen: Never makes a pod per failure, OnFailure restarts one pod (kept in `seen` after its deletion)', async () => {
    const fail = '{name: work, image: busybox, command: ["sh", "-c", "sleep 2; exit 1"]}';
    const never = await runJob(lab, job('f-never', '  backoffLimit: 2', fail), { timeoutMs: 90_000 });
    expect(never.seen.map((p) => [p.phase, p.restarts, p.exitCodes])).toEqual([['Failed', 0, '1'], ['Failed', 0, '1'], ['Failed', 0, '1']]);
    const onFailure = await runJob(lab, job('f-onfailure', '  backoffLimit: 2', fail, 'OnFailure'), { timeoutMs: 90_000 });
    expect([onFailure.outcome, onFailure.reason]).toEqual(['Failed', 'BackoffLimitExceeded']);
    expect(onFailure.seen).toHaveLength(1);
    expect(onFailure.seen[0].restarts).toBe(2);
    expect(eventsFor(lab, 'Job', 'f-onfailure')).toContain('Warning BackoffLimitExceeded: Job has reached the specified backoff limit');
  });

  it('Indexed Job: each pod prints its JOB_COMPLETION_INDEX; completedIndexes is 0-3', async () => {
    const run = await runJob(lab, job('idx', '  completionMode: Indexed\n  completions: 4\n  parallelism: 2', '{name: work, image: busybox, command: ["sh", "-c", "echo item $JOB_COMPLETION_INDEX"]}'));
    expect((run.job.status as { completedIndexes: string }).completedIndexes).toBe('0-3');
    const logs = await Promise.all(run.pods.map((p) => podLogs(lab.client, 'default', p.metadata.name!)));
    expect(logs.sort()).toEqual(['item 0\n', 'item 1\n', 'item 2\n', 'item 3\n']);
  });

  it('workQueue: three pods drain seven items and the Job completes with completions unset', async () => {
    const q = workQueue('test-queue-worker', ['a', 'b', 'c', 'd', 'e', 'f', 'g'], 2);
    const run = await runJob(lab, job('wq', '  parallelism: 3', '{name: work, image: test-queue-worker}'));
    expect([run.outcome, run.succeeded]).toEqual(['Complete', 3]);
    expect(q.processed.map((p) => p.item)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(new Set(q.processed.map((p) => p.pod)).size).toBe(3);
    expect(q.remaining).toEqual([]);
  });

  it('podFailurePolicy FailJob on exit code 42 fails the Job at the first failure', async () => {
    const run = await runJob(lab, job('pfp', `  backoffLimit: 6
  podFailurePolicy:
    rules:
    - action: FailJob
      onExitCodes: {containerName: main, operator: In, values: [42]}
    - action: Ignore
      onPodConditions: [{type: DisruptionTarget}]`, '{name: main, image: busybox, command: ["sh", "-c", "exit 42"]}'));
    expect([run.outcome, run.reason, run.failed]).toEqual(['Failed', 'PodFailurePolicy', 1]);
    expect(run.message).toMatch(/^Container main for pod default\/pfp-[a-z0-9]{5} failed with exit code 42 matching FailJob rule at index 0$/);
  });

  it('cronRuns: Forbid delays a busy minute; names carry the scheduled minute', async () => {
    await lab.apply(`apiVersion: batch/v1
kind: CronJob
metadata: {name: tick}
spec:
  schedule: "* * * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - {name: work, image: busybox, command: ["sh", "-c", "sleep 90"]}
`);
    await waitVirtual(lab, 4 * 60 + 5);
    const runs = cronRuns(lab, 'tick');
    await lab.remove('CronJob', 'tick');
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (const r of runs) expect(r.minutesSinceEpoch).toBe(Date.parse(r.scheduled) / 60_000);
    // Never two at once: each run starts at or after the previous one's 90 s.
    for (let i = 1; i < runs.length; i++) expect(Date.parse(runs[i].started) - Date.parse(runs[i - 1].started)).toBeGreaterThanOrEqual(90_000);
    expect(eventsFor(lab, 'CronJob', 'tick').some((e) => e.startsWith('Normal JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid'))).toBe(true);
  });

  it('compareJobLayouts: per-item Jobs create a Job per item; one Job for all items creates one', async () => {
    const [perItem, oneJob, wide] = await compareJobLayouts(lab, { items: 6, parallelism: [2, 6], sleep: 5 });
    expect([perItem.layout, perItem.jobs, perItem.pods]).toEqual(['one Job per item', 6, 6]);
    expect([oneJob.layout, oneJob.jobs, oneJob.pods]).toEqual(['one Job for all items (parallelism 2)', 1, 6]);
    expect([wide.layout, wide.jobs, wide.pods]).toEqual(['one Job for all items (parallelism 6)', 1, 6]);
    // Three rounds of 5 s at parallelism 2; one round when every item has its own Job or parallelism = items.
    // (Margins of 5 s, not 10: creating objects takes real time, which the virtual clock turns into seconds.)
    expect(oneJob.seconds).toBeGreaterThanOrEqual(perItem.seconds + 5);
    expect(oneJob.seconds).toBeGreaterThanOrEqual(wide.seconds + 5);
  });
});
