import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src/cluster/controllers/job-backoff';
import { formatIndexes, parseIndexes } from '../../../src/cluster/controllers/job-indexes';
import { JobHarness } from './job-helpers';

let h: JobHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('completed index strings', () => {
  it('are written as upstream writes them: runs of three or more as a range, pairs with a comma', () => {
    expect(formatIndexes([7, 1, 3, 4, 5])).toBe('1,3-5,7');
    expect(formatIndexes([4, 5])).toBe('4,5');
    expect(formatIndexes([0, 1, 2, 9])).toBe('0-2,9');
    expect(formatIndexes([])).toBe('');
    expect([...parseIndexes('1,3-5,7')]).toEqual([1, 3, 4, 5, 7]);
    expect([...parseIndexes('0-9', 3)]).toEqual([0, 1, 2]);
  });
});

describe('failure backoff', () => {
  it('doubles from 10 s and stops at the 10-minute cap of the current code', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n) / 1000)).toEqual([10, 20, 40, 80, 160, 320, 600, 600]);
    expect(backoffDelay(0)).toBe(0);
  });
});

describe('job controller: Indexed Jobs', () => {
  it('names pods <job>-<index>-<rand5>, sets hostname, index label/annotation and JOB_COMPLETION_INDEX, and tracks completedIndexes', async () => {
    h = await JobHarness.start();
    await h.createJob('idx', { completionMode: 'Indexed', completions: 5, parallelism: 5 });
    const pods = h.active('idx').sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
    expect(pods.map((p) => p.metadata.name!.replace(/-[a-z0-9]{5}$/, '-xxxxx'))).toEqual(['idx-0-xxxxx', 'idx-1-xxxxx', 'idx-2-xxxxx', 'idx-3-xxxxx', 'idx-4-xxxxx']);
    const p3 = pods[3];
    expect((p3.spec as { hostname: string }).hostname).toBe('idx-3');
    expect(p3.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).toBe('3');
    expect(p3.metadata.labels?.['batch.kubernetes.io/job-completion-index']).toBe('3');
    expect((p3.spec as { containers: Array<{ env: unknown[] }> }).containers[0].env).toContainEqual({
      name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } },
    });
    for (const i of [0, 1, 4]) await h.finish(pods[i], 'Succeeded');
    await h.settle();
    expect(h.job('idx').status.completedIndexes).toBe('0,1,4');
    await h.finish(pods[3], 'Succeeded');
    await h.settle();
    expect(h.job('idx').status.completedIndexes).toBe('0,1,3,4');
    await h.finish(pods[2], 'Failed');
    await h.settle();
    // index 2 is retried (after the 10 s backoff) with the same index
    expect(h.active('idx')).toHaveLength(0);
    await h.advance(10_000);
    const [retry] = h.active('idx');
    expect(retry.metadata.name).toMatch(/^idx-2-[a-z0-9]{5}$/);
    await h.finish(retry, 'Succeeded');
    await h.settle();
    expect(h.job('idx').status).toMatchObject({ completedIndexes: '0-4', succeeded: 5, failed: 1 });
    expect(h.conditions('idx')).toContain('Complete=True:CompletionsReached');
  });

  it('fails an index after backoffLimitPerIndex, finishes the others, then fails the Job with FailedIndexes', async () => {
    h = await JobHarness.start();
    await h.createJob('bpi', { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimitPerIndex: 1 });
    expect(h.job('bpi').spec.backoffLimit).toBe(2147483647);
    const byIndex = (i: number) => h!.active('bpi').find((p) => p.metadata.labels?.['batch.kubernetes.io/job-completion-index'] === String(i))!;
    await h.finish(byIndex(1), 'Failed');
    await h.settle();
    await h.advance(10_000);
    const second = byIndex(1);
    expect(second.metadata.annotations?.['batch.kubernetes.io/job-index-failure-count']).toBe('1');
    await h.finish(second, 'Failed');
    await h.settle();
    expect(h.job('bpi').status.failedIndexes).toBe('1');
    await h.advance(60_000);
    expect(byIndex(1)).toBeUndefined();
    await h.finishAll('bpi', 'Succeeded');
    expect(h.job('bpi').status).toMatchObject({ completedIndexes: '0,2', failedIndexes: '1', failed: 2 });
    expect(h.conditions('bpi')).toEqual(['FailureTarget=True:FailedIndexes', 'Failed=True:FailedIndexes']);
    expect(h.events('bpi')).toContain('Warning FailedIndexes: Job has failed indexes');
  });

  it('fails the Job at once when failed indexes exceed maxFailedIndexes, and FailIndex skips the retries', async () => {
    h = await JobHarness.start();
    await h.createJob('mfi', {
      completionMode: 'Indexed', completions: 4, parallelism: 4, backoffLimitPerIndex: 3, maxFailedIndexes: 1,
      podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [3] } }] },
    });
    const pods = h.active('mfi');
    await h.finish(pods[0], 'Failed', 3);
    await h.settle();
    expect(h.conditions('mfi')).toEqual([]);
    await h.finish(pods[1], 'Failed', 3);
    await h.settle();
    expect(h.conditions('mfi')).toEqual(['FailureTarget=True:MaxFailedIndexesExceeded']);
    for (const p of h.pods('mfi').filter((p) => p.metadata.deletionTimestamp)) await h.finish(p, 'Failed', 143);
    await h.settle();
    expect(h.conditions('mfi')).toEqual(['FailureTarget=True:MaxFailedIndexesExceeded', 'Failed=True:MaxFailedIndexesExceeded']);
    expect(h.job('mfi').status.conditions[1].message).toBe('Job has exceeded the specified maximal number of failed indexes');
  });

  it('succeeds early by successPolicy and deletes the pods still running', async () => {
    h = await JobHarness.start();
    await h.createJob('sp', { completionMode: 'Indexed', completions: 5, parallelism: 5, successPolicy: { rules: [{ succeededIndexes: '0-2', succeededCount: 2 }] } });
    const pods = h.active('sp').sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
    await h.finish(pods[0], 'Succeeded');
    await h.finish(pods[4], 'Succeeded');
    await h.settle();
    expect(h.conditions('sp')).toEqual([]);
    await h.finish(pods[2], 'Succeeded');
    await h.settle();
    expect(h.conditions('sp')).toEqual(['SuccessCriteriaMet=True:SuccessPolicy', 'Complete=True:SuccessPolicy']);
    expect(h.job('sp').status.conditions[0].message).toBe('Matched rules at index 0');
    expect(h.active('sp')).toHaveLength(0);
    expect(h.job('sp').status.completedIndexes).toBe('0,2,4');
  });
});
