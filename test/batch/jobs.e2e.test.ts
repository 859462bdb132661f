import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abnormalEndJob, backoffIntervals, maxConcurrent, normalEndJob, piJob, podTimeline, runJob, startLabCluster, type LabCluster } from '../../src/batch';
import { podLogs } from '../../src/kube/objects';

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '../cluster/images/fixtures/perl-bpi.json'), 'utf8')) as { stdout: Record<string, string> };

// The seeds' Jobs on a lab cluster like the notebook's, at 10× rather than 30×: timestamps have whole
// seconds, so a backoff is read as 11 s once the event loop runs 1 virtual second late (100 ms real here).
let lab: LabCluster;
beforeAll(async () => {
  lab = await startLabCluster({ speed: 10 });
});
afterAll(async () => {
  await lab?.stop();
});

describe('the seeds\' Jobs on a notebook lab cluster', () => {
  it('says which cluster it uses', () => {
    expect(lab.target).toMatch(/^cluster: embedded kit cluster \(context kit, https:\/\/127\.0\.0\.1:\d+\), in this kernel, virtual clock 10×$/);
  });

  it('pi: 5 completions, never more than 2 pods at once, each log is perl\'s 2000 digits', async () => {
    const run = await runJob(lab, piJob);
    expect([run.outcome, run.succeeded, run.failed]).toEqual(['Complete', 5, 0]);
    expect(run.pods).toHaveLength(5);
    const spans = podTimeline(run.pods);
    expect(spans.map((s) => s.status)).toEqual(Array(5).fill('Succeeded'));
    expect(maxConcurrent(spans)).toBe(2);
    for (const p of run.pods) expect(await podLogs(lab.client, 'default', p.metadata.name!)).toBe(fixture.stdout['2000']);
  });

  it('normal-end: 6 completions two at a time, about three rounds of 5 s', async () => {
    const run = await runJob(lab, normalEndJob);
    expect([run.outcome, run.succeeded]).toEqual(['Complete', 6]);
    const spans = podTimeline(run.pods);
    expect(maxConcurrent(spans)).toBe(2);
    // each pod: the image pull (busybox:latest pulls Always, ~3 s here) then sleep 5; three rounds of two.
    for (const s of spans) expect(s.end - s.start).toBeGreaterThanOrEqual(5);
    for (const s of spans) expect(s.end - s.start).toBeLessThanOrEqual(10);
    expect(run.seconds).toBeGreaterThanOrEqual(15);
    expect(run.seconds).toBeLessThanOrEqual(30);
  });

  it('abnormal-end: 4 failed pods, backoff 10 s, 20 s, 40 s, then BackoffLimitExceeded', async () => {
    const run = await runJob(lab, abnormalEndJob, { timeoutMs: 90_000 });
    expect([run.outcome, run.reason, run.failed]).toEqual(['Failed', 'BackoffLimitExceeded', 4]);
    expect(run.message).toBe('Job has reached the specified backoff limit');
    expect(backoffIntervals(run.pods)).toEqual([10, 20, 40]);
  });
});
