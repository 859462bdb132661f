import { afterEach, describe, expect, it } from 'vitest';
import { mostRecentScheduleTime } from '../../../src/cluster/controllers/cronjob';
import { parseSchedule, rfc3339InZone } from '../../../src/cluster/controllers/cronjob-schedule';
import type { KubeObject } from '../../../src/cluster/store';
import { JobHarness } from './job-helpers';

let h: JobHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;

/** A cron harness: 200 ms past the start, so minute jumps land after the controller's 100 ms wake-up delta. */
async function startCron(): Promise<JobHarness> {
  const harness = await JobHarness.start();
  harness.clock.advance(200);
  return harness;
}

async function createCronJob(name: string, spec: Record<string, unknown>): Promise<void> {
  await h!.api.create({
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name, namespace: 'default' },
    spec: {
      schedule: '* * * * *', ...spec,
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } } } },
    },
  });
  await h!.settle();
}

/** Moves the ManualClock in one jump (the controllers then catch up). */
async function jump(ms: number): Promise<void> {
  h!.clock.advance(ms);
  await h!.settle();
}

const cronJob = (name: string) => h!.api.get('CronJob', 'default', name) as KubeObject & { status: Record<string, any> };
const jobsOf = (name: string) => h!.api.list('Job', { namespace: 'default' }).items
  .filter((j) => j.metadata.ownerReferences?.[0]?.name === name && !j.metadata.deletionTimestamp)
  .map((j) => j.metadata.name!).sort();

async function finishJob(jobName: string, phase: 'Succeeded' | 'Failed'): Promise<void> {
  await h!.finishAll(jobName, phase);
  await h!.settle();
}

describe('cron schedules (robfig/cron standard parser)', () => {
  it('reads steps, ranges, names, descriptors and @every, in a time zone', () => {
    const at = (s: string, from: number, tz?: string) => new Date(parseSchedule(s, tz).next(from)).toISOString();
    expect(at('*/15 * * * *', T0 + 1)).toBe('2024-01-01T00:15:00.000Z');
    expect(at('0 9-17/4 * * MON-FRI', T0)).toBe('2024-01-01T09:00:00.000Z');
    expect(at('0 0 1 JAN *', T0)).toBe('2025-01-01T00:00:00.000Z');
    expect(at('@hourly', T0)).toBe('2024-01-01T01:00:00.000Z');
    expect(at('@weekly', T0)).toBe('2024-01-07T00:00:00.000Z');
    expect(at('@every 90s', T0 + 500)).toBe('2024-01-01T00:01:30.000Z');
    expect(at('0 9 * * *', T0, 'Asia/Seoul')).toBe('2024-01-02T00:00:00.000Z');
    expect(rfc3339InZone(Date.UTC(2024, 0, 2), 'Asia/Seoul')).toBe('2024-01-02T09:00:00+09:00');
    expect(rfc3339InZone(Date.UTC(2024, 0, 2))).toBe('2024-01-02T00:00:00Z');
  });

  it('rejects what the standard parser rejects, with its wording', () => {
    expect(() => parseSchedule('61 * * * *')).toThrow('end of range (61) above maximum (59): 61');
    expect(() => parseSchedule('* * * *')).toThrow('expected exactly 5 fields, found 4: [* * * *]');
    expect(() => parseSchedule('0 0 * * 7')).toThrow('end of range (7) above maximum (6): 7');
    expect(() => parseSchedule('0 0 L * *')).toThrow('failed to parse int from L');
    expect(() => parseSchedule('@fortnightly')).toThrow('unrecognized descriptor: @fortnightly');
  });

  it('finds the most recent missed time and counts the misses', () => {
    const every = parseSchedule('* * * * *');
    expect(mostRecentScheduleTime(every, T0, T0 + 30_000)).toEqual({ missed: 0 });
    expect(mostRecentScheduleTime(every, T0, T0 + MIN + 5)).toEqual({ time: T0 + MIN, missed: 1 });
    expect(mostRecentScheduleTime(every, T0, T0 + 200 * MIN + 5)).toEqual({ time: T0 + 200 * MIN, missed: 200 });
  });
});

describe('cronjob controller', () => {
  it('names Jobs <cronjob>-<unix minutes>, annotates the scheduled time, tracks active, last schedule and last success', async () => {
    h = await startCron();
    await createCronJob('hello', {});
    expect(jobsOf('hello')).toEqual([]);
    await jump(MIN);
    const name = `hello-${(T0 + MIN) / MIN}`;
    expect(name).toBe('hello-28401121');
    expect(jobsOf('hello')).toEqual([name]);
    const job = h.api.get('Job', 'default', name);
    expect(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2024-01-01T00:01:00Z');
    expect(cronJob('hello').status.active.map((r: { name: string }) => r.name)).toEqual([name]);
    expect(cronJob('hello').status.lastScheduleTime).toBe('2024-01-01T00:01:00Z');
    expect(h.events('hello')).toContain(`Normal SuccessfulCreate: Created job ${name}`);
    await finishJob(name, 'Succeeded');
    expect(cronJob('hello').status.active).toBeUndefined();
    expect(cronJob('hello').status.lastSuccessfulTime).toBe('2024-01-01T00:01:00Z');
    expect(h.events('hello')).toContain(`Normal SawCompletedJob: Saw completed job: ${name}, condition: Complete`);
  });

  it('Forbid: skips a run while the previous Job is still running', async () => {
    h = await startCron();
    await createCronJob('forbid', { concurrencyPolicy: 'Forbid' });
    await jump(MIN);
    await jump(MIN);
    expect(jobsOf('forbid')).toEqual(['forbid-28401121']);
    expect(h.events('forbid')).toContain('Normal JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid');
    // the skipped 00:02 run is still due (no startingDeadlineSeconds): it starts once the first Job ends
    await finishJob('forbid-28401121', 'Succeeded');
    expect(jobsOf('forbid')).toEqual(['forbid-28401121', 'forbid-28401122']);
    await jump(MIN);
    expect(jobsOf('forbid')).toEqual(['forbid-28401121', 'forbid-28401122']);
    await finishJob('forbid-28401122', 'Succeeded');
    expect(jobsOf('forbid')).toEqual(['forbid-28401121', 'forbid-28401122', 'forbid-28401123']);
  });

  it('Replace: deletes the running Job and starts the new one; Allow runs them side by side', async () => {
    h = await startCron();
    await createCronJob('repl', { concurrencyPolicy: 'Replace' });
    await createCronJob('allow', {});
    await jump(MIN);
    await jump(MIN);
    expect(jobsOf('repl')).toEqual(['repl-28401122']);
    expect(h.events('repl')).toContain('Normal SuccessfulDelete: Deleted job repl-28401121');
    expect(cronJob('repl').status.active.map((r: { name: string }) => r.name)).toEqual(['repl-28401122']);
    expect(jobsOf('allow')).toEqual(['allow-28401121', 'allow-28401122']);
  });

  it('keeps 3 successful and 1 failed Job by default', async () => {
    h = await startCron();
    await createCronJob('hist', {});
    const phases = ['Succeeded', 'Failed', 'Succeeded', 'Failed', 'Succeeded', 'Succeeded'] as const;
    for (const [i, phase] of phases.entries()) {
      await jump(MIN);
      const name = `hist-${28401121 + i}`;
      const job = h.api.get('Job', 'default', name);
      // fail fast: no retries for the failed runs
      if (phase === 'Failed') await h.api.patch('Job', 'default', job.metadata.name!, 'merge', { spec: { backoffLimit: 0 } });
      await finishJob(name, phase);
    }
    await jump(MIN);
    await finishJob('hist-28401127', 'Succeeded');
    expect(jobsOf('hist')).toEqual(['hist-28401124', 'hist-28401125', 'hist-28401126', 'hist-28401127']);
    const kept = jobsOf('hist').map((n) => `${n}:${h!.conditions(n).at(-1)}`);
    expect(kept).toEqual([
      'hist-28401124:Failed=True:BackoffLimitExceeded',
      'hist-28401125:Complete=True:CompletionsReached',
      'hist-28401126:Complete=True:CompletionsReached',
      'hist-28401127:Complete=True:CompletionsReached',
    ]);
    expect(h.events('hist')).toContain('Normal SuccessfulDelete: Deleted job hist-28401121');
  });

  it('after more than 100 missed runs warns TooManyMissedTimes and still starts the most recent', async () => {
    h = await startCron();
    await createCronJob('late', { suspend: true });
    await jump(200 * MIN + 5_000);
    await h.api.patch('CronJob', 'default', 'late', 'merge', { spec: { suspend: false } });
    await h.settle();
    expect(h.events('late')).toContain('Warning TooManyMissedTimes: too many missed start times: 200. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    expect(jobsOf('late')).toEqual([`late-${28401120 + 200}`]);
  });

  it('misses a run that is later than startingDeadlineSeconds, with a MissSchedule warning', async () => {
    h = await startCron();
    await createCronJob('dl', { suspend: true, startingDeadlineSeconds: 10 });
    await jump(5 * MIN + 30_000);
    await h.api.patch('CronJob', 'default', 'dl', 'merge', { spec: { suspend: false } });
    await h.settle();
    expect(jobsOf('dl')).toEqual([]);
    expect(h.events('dl')).toContain('Warning MissSchedule: Missed scheduled time to start a job: Mon, 01 Jan 2024 00:05:00 +0000');
    await jump(30_000);
    expect(jobsOf('dl')).toEqual(['dl-28401126']);
  });

  it('runs on the time zone it is given', async () => {
    h = await startCron();
    await createCronJob('seoul', { schedule: '0 9 * * *', timeZone: 'Asia/Seoul' });
    await jump(24 * 60 * MIN - 1000);
    expect(jobsOf('seoul')).toEqual([]);
    await jump(1000);
    const [name] = jobsOf('seoul');
    expect(h.api.get('Job', 'default', name).metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2024-01-02T09:00:00+09:00');
  });

  it('is refused with an invalid schedule, a TZ in the schedule or an unknown time zone', async () => {
    h = await startCron();
    await expect(createCronJob('bad', { schedule: '61 * * * *' })).rejects.toThrow('spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61');
    await expect(createCronJob('bad', { schedule: 'CRON_TZ=UTC 0 * * * *' })).rejects.toThrow('cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
    await expect(createCronJob('bad', { timeZone: 'Mars/Olympus' })).rejects.toThrow('unknown time zone Mars/Olympus');
    // robfig accepts 30 February and never finds it; so does the kit: no Job, no UnparseableSchedule.
    await createCronJob('feb30', { schedule: '0 0 30 2 *' });
    await jump(90_000);
    expect(jobsOf('feb30')).toEqual([]);
    expect(h.events('feb30')).toEqual([]);
    await createCronJob('every', { schedule: '@every 90s' });
    await jump(90_000);
    expect(jobsOf('every')).toHaveLength(1);
  });
});
