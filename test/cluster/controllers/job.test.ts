import { afterEach, describe, expect, it } from 'vitest';
import { JobHarness } from './job-helpers';

let h: JobHarness;
afterEach(async () => {
  await h?.stop();
});

describe('job controller: completions and parallelism', () => {
  it('runs the pi Job (completions 5, parallelism 2) with never more than 2 active pods and 5 succeeded', async () => {
    h = await JobHarness.start();
    await h.createJob('pi', { completions: 5, parallelism: 2 });
    const activeSeen: number[] = [];
    for (let round = 0; round < 10 && !h.conditions('pi').some((c) => c.startsWith('Complete=True')); round++) {
      activeSeen.push(h.active('pi').length);
      expect(h.job('pi').status.active).toBe(h.active('pi').length);
      // one pod at a time, so a freed slot is refilled before the next finishes
      const [first] = h.active('pi');
      await h.finish(first, 'Succeeded');
      await h.settle();
    }
    expect(Math.max(...activeSeen)).toBe(2);
    const st = h.job('pi').status;
    expect(st.succeeded).toBe(5);
    expect(st.active).toBeUndefined(); // omitempty, as upstream writes it
    expect(st.failed).toBeUndefined();
    expect(h.pods('pi')).toHaveLength(5);
    expect(h.conditions('pi')).toEqual(['SuccessCriteriaMet=True:CompletionsReached', 'Complete=True:CompletionsReached']);
    expect(st.completionTime).toBeDefined();
    expect(st.uncountedTerminatedPods).toEqual({});
    expect(h.events('pi').filter((e) => e.startsWith('Normal SuccessfulCreate'))).toHaveLength(5);
    expect(h.events('pi')).toContain('Normal Completed: Job completed');
  });

  it('ends normally with completions 6 and parallelism 2 (three rounds of two)', async () => {
    h = await JobHarness.start();
    await h.createJob('normal', { completions: 6, parallelism: 2 });
    const rounds: number[] = [];
    for (let i = 0; i < 5 && h.active('normal').length; i++) rounds.push(await h.finishAll('normal', 'Succeeded'));
    expect(rounds).toEqual([2, 2, 2]);
    expect(h.job('normal').status.succeeded).toBe(6);
    expect(h.conditions('normal')).toContain('Complete=True:CompletionsReached');
  });

  it('labels its pods and removes the job-tracking finalizer once a pod is counted', async () => {
    h = await JobHarness.start();
    const job = await h.createJob('lbl', {});
    const [p] = h.pods('lbl');
    expect(p.metadata.name).toMatch(/^lbl-[a-z0-9]{5}$/);
    expect(p.metadata.labels).toMatchObject({
      'batch.kubernetes.io/job-name': 'lbl', 'batch.kubernetes.io/controller-uid': job.metadata.uid,
      'job-name': 'lbl', 'controller-uid': job.metadata.uid,
    });
    expect(p.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(p.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Job', name: 'lbl', controller: true, blockOwnerDeletion: true })]);
    expect(h.job('lbl').status).toMatchObject({ active: 1, ready: 0, terminating: 0, startTime: '2024-01-01T00:00:00Z' });
    await h.finishAll('lbl', 'Succeeded');
    expect(h.pods('lbl')[0].metadata.finalizers ?? []).toEqual([]);
    expect(h.job('lbl').status).toMatchObject({ succeeded: 1, ready: 0, terminating: 0 });
    expect(h.job('lbl').status.active).toBeUndefined();
  });

  it('lets go of the pods of a deleted Job, so the garbage collector can remove them', async () => {
    h = await JobHarness.start();
    await h.createJob('gone', { parallelism: 2, completions: 2 });
    await h.settle();
    const names = h.pods('gone').map((p) => p.metadata.name!);
    expect(names.length).toBeGreaterThan(0);
    // Background: the Job goes at once; its pods are deleted by the GC but carry the tracking finalizer.
    await h.api.delete('Job', 'default', 'gone', { propagationPolicy: 'Background' });
    await h.settle();
    const left = h.api.list('Pod', { namespace: 'default' }).items.filter((p) => names.includes(p.metadata.name!));
    expect(left.map((p) => `${p.metadata.name} ${p.metadata.finalizers}`)).toEqual([]);
  });

  it('creates no new pods in a work-queue Job once one pod succeeded, and completes when all have ended', async () => {
    h = await JobHarness.start();
    await h.createJob('wq', { parallelism: 3 });
    expect(h.job('wq').spec.completions).toBeUndefined();
    const pods = h.active('wq');
    expect(pods).toHaveLength(3);
    await h.finish(pods[0], 'Succeeded');
    await h.settle();
    expect(h.pods('wq')).toHaveLength(3);
    expect(h.conditions('wq')).toEqual([]);
    await h.finish(pods[1], 'Succeeded');
    await h.finish(pods[2], 'Succeeded');
    await h.settle();
    expect(h.pods('wq')).toHaveLength(3);
    expect(h.conditions('wq')).toEqual(['SuccessCriteriaMet=True:CompletionsReached', 'Complete=True:CompletionsReached']);
  });

  it('deletes the newest pods when parallelism goes down', async () => {
    h = await JobHarness.start();
    await h.createJob('par', { completions: 10, parallelism: 4 });
    expect(h.active('par')).toHaveLength(4);
    await h.api.patch('Job', 'default', 'par', 'merge', { spec: { parallelism: 1 } });
    await h.settle();
    expect(h.active('par')).toHaveLength(1);
    expect(h.events('par').filter((e) => e.startsWith('Normal SuccessfulDelete'))).toHaveLength(3);
  });
});

describe('job controller: failures', () => {
  it('fails with backoffLimit 3 after exactly 4 failed pods, waiting 10 s, 20 s, 40 s between them', async () => {
    h = await JobHarness.start();
    await h.createJob('fail', { backoffLimit: 3 });
    const created: number[] = [];
    for (let step = 0; step < 200 && !h.conditions('fail').some((c) => c.startsWith('Failed')); step++) {
      for (const p of h.active('fail')) {
        created.push(h.t(Date.parse(p.metadata.creationTimestamp!)));
        await h.finish(p, 'Failed');
      }
      await h.settle();
      await h.advance(1000);
    }
    expect(created).toEqual([0, 10, 30, 70]);
    const st = h.job('fail').status;
    expect(st.failed).toBe(4);
    expect(h.pods('fail')).toHaveLength(4);
    expect(h.conditions('fail')).toEqual(['FailureTarget=True:BackoffLimitExceeded', 'Failed=True:BackoffLimitExceeded']);
    expect(st.conditions[1].message).toBe('Job has reached the specified backoff limit');
    expect(st.completionTime).toBeUndefined();
    expect(h.events('fail')).toContain('Warning BackoffLimitExceeded: Job has reached the specified backoff limit');
  });

  it('resets the backoff after a success', async () => {
    h = await JobHarness.start();
    await h.createJob('reset', { completions: 3, backoffLimit: 6 });
    await h.finishAll('reset', 'Failed');
    await h.advance(10_000);
    await h.finishAll('reset', 'Failed');
    await h.advance(19_000);
    expect(h.active('reset')).toHaveLength(0);
    await h.advance(1_000);
    await h.finishAll('reset', 'Succeeded');
    // after the success a new pod starts at once
    expect(h.active('reset')).toHaveLength(1);
  });

  it('fails a restartPolicy OnFailure Job when container restarts reach backoffLimit', async () => {
    h = await JobHarness.start();
    await h.createJob('onf', { backoffLimit: 2 }, { restartPolicy: 'OnFailure' });
    const [p] = h.active('onf');
    const cur = h.api.get('Pod', 'default', p.metadata.name!);
    cur.status = { phase: 'Running', containerStatuses: [{ name: 'main', restartCount: 1, state: { running: {} } }] };
    await h.api.updateStatus(cur);
    await h.settle();
    expect(h.conditions('onf')).toEqual([]);
    const again = h.api.get('Pod', 'default', p.metadata.name!);
    (again.status as { containerStatuses: Array<{ restartCount: number }> }).containerStatuses[0].restartCount = 2;
    await h.api.updateStatus(again);
    await h.settle();
    expect(h.conditions('onf')).toEqual(['FailureTarget=True:BackoffLimitExceeded', 'Failed=True:BackoffLimitExceeded']);
    expect(h.pods('onf')).toHaveLength(0);
    expect(h.events('onf')).toContain(`Normal SuccessfulDelete: Deleted pod: ${p.metadata.name}`);
  });

  it('stops a Job at activeDeadlineSeconds and deletes its running pods', async () => {
    h = await JobHarness.start();
    await h.createJob('dl', { activeDeadlineSeconds: 30, parallelism: 2, completions: 4 });
    await h.advance(29_000);
    expect(h.conditions('dl')).toEqual([]);
    await h.advance(1_000);
    expect(h.conditions('dl')).toEqual(['FailureTarget=True:DeadlineExceeded', 'Failed=True:DeadlineExceeded']);
    expect(h.job('dl').status.conditions[1].message).toBe('Job was active longer than specified deadline');
    expect(h.pods('dl')).toHaveLength(0);
    expect(h.job('dl').status).toMatchObject({ failed: 2 });
    expect(h.job('dl').status.active).toBeUndefined();
    expect(h.events('dl')).toContain('Warning DeadlineExceeded: Job was active longer than specified deadline');
  });
});

describe('job controller: podFailurePolicy', () => {
  const policy = {
    rules: [
      { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
    ],
  };

  it('fails the Job on a FailJob exit code with the upstream message, after the other pods have terminated', async () => {
    h = await JobHarness.start();
    await h.createJob('pfp', { completions: 4, parallelism: 2, podFailurePolicy: policy });
    expect(h.job('pfp').spec.podReplacementPolicy).toBe('Failed');
    const [a, b] = h.active('pfp');
    await h.finish(a, 'Failed', 42);
    await h.settle();
    expect(h.conditions('pfp')).toEqual(['FailureTarget=True:PodFailurePolicy']);
    expect(h.job('pfp').status.conditions[0].message).toBe(`Container main for pod default/${a.metadata.name} failed with exit code 42 matching FailJob rule at index 0`);
    // b is being deleted; the Job stays unfinished until its kubelet reports it Failed
    expect(h.api.get('Pod', 'default', b.metadata.name!).metadata.deletionTimestamp).toBeDefined();
    expect(h.job('pfp').status.terminating).toBe(1);
    await h.finish(b, 'Failed', 143);
    await h.settle();
    expect(h.conditions('pfp')).toEqual(['FailureTarget=True:PodFailurePolicy', 'Failed=True:PodFailurePolicy']);
    expect(h.job('pfp').status.terminating).toBe(0);
  });

  it('does not count an ignored failure and replaces the pod at once; other exit codes count', async () => {
    h = await JobHarness.start();
    await h.createJob('ign', { backoffLimit: 0, podFailurePolicy: policy });
    const [p] = h.active('ign');
    await h.finish(p, 'Failed', 137, { conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }] });
    await h.settle();
    expect(h.job('ign').status.failed ?? 0).toBe(0);
    expect(h.active('ign')).toHaveLength(1);
    await h.finishAll('ign', 'Failed', 1);
    expect(h.job('ign').status.failed).toBe(1);
    expect(h.conditions('ign')).toEqual(['FailureTarget=True:BackoffLimitExceeded', 'Failed=True:BackoffLimitExceeded']);
  });
});

describe('job controller: suspend and TTL', () => {
  it('creates no pods while suspended, starts on resume, and deletes pods without counting them on suspend', async () => {
    h = await JobHarness.start();
    await h.createJob('sus', { suspend: true, parallelism: 2, completions: 2 });
    expect(h.pods('sus')).toHaveLength(0);
    expect(h.conditions('sus')).toEqual(['Suspended=True:JobSuspended']);
    expect(h.job('sus').status.startTime).toBeUndefined();
    await h.advance(5_000);
    await h.api.patch('Job', 'default', 'sus', 'merge', { spec: { suspend: false } });
    await h.settle();
    expect(h.active('sus')).toHaveLength(2);
    expect(h.conditions('sus')).toEqual(['Suspended=False:JobResumed']);
    expect(h.job('sus').status.startTime).toBe('2024-01-01T00:00:05Z');
    await h.api.patch('Job', 'default', 'sus', 'merge', { spec: { suspend: true } });
    await h.settle();
    expect(h.pods('sus')).toHaveLength(0);
    expect(h.job('sus').status.failed ?? 0).toBe(0);
    expect(h.job('sus').status.startTime).toBeUndefined();
    expect(h.events('sus')).toEqual(expect.arrayContaining(['Normal Suspended: Job suspended', 'Normal Resumed: Job resumed']));
  });

  it('deletes a finished Job and its pods ttlSecondsAfterFinished later', async () => {
    h = await JobHarness.start();
    await h.createJob('ttl', { ttlSecondsAfterFinished: 60 });
    await h.finishAll('ttl', 'Succeeded');
    await h.advance(59_000);
    expect(h.api.tryGet('Job', 'default', 'ttl')).toBeDefined();
    await h.advance(1_000);
    expect(h.api.tryGet('Job', 'default', 'ttl')).toBeUndefined();
    expect(h.pods('ttl')).toHaveLength(0);
  });
});

describe('job kind validation', () => {
  it('rejects an Indexed Job without completions and podFailurePolicy with restartPolicy OnFailure', async () => {
    h = await JobHarness.start();
    await expect(h.createJob('bad1', { completionMode: 'Indexed', parallelism: 2 })).rejects.toThrow(/spec.completions: Required value/);
    await expect(h.createJob('bad2', { podFailurePolicy: { rules: [] } }, { restartPolicy: 'OnFailure' })).rejects.toThrow(/only "Never" is supported when podFailurePolicy is specified/);
  });
});
