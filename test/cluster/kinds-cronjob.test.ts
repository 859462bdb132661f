import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/store';
import { sharedManualCluster } from './helpers';

type Json = Record<string, any>;

const shared = sharedManualCluster();

const cronJob = (spec: Json, jobSpec: Json = {}): KubeObject => ({
  apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj', namespace: 'default' },
  spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { ...jobSpec, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36' }] } } } }, ...spec },
});

/** The Invalid message without its `CronJob.batch "cj" is invalid: ` prefix, or "accepted". */
async function rejection(obj: KubeObject): Promise<string> {
  return shared.cluster.api.create(obj, { dryRun: true }).then(() => 'accepted', (e: Error) => e.message.replace(/^CronJob\.batch "cj" is invalid: /, ''));
}

describe('CronJob validation (ValidateCronJobSpec, robfig/cron v3 ParseStandard wording)', () => {
  it.each([
    [{ startingDeadlineSeconds: -1 }, 'spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0'],
    [{ successfulJobsHistoryLimit: -1 }, 'spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0'],
    [{ failedJobsHistoryLimit: -2 }, 'spec.failedJobsHistoryLimit: Invalid value: -2: must be greater than or equal to 0'],
    [{ schedule: '* * * *' }, 'spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]'],
    [{ schedule: '0 9-5 * * *' }, 'spec.schedule: Invalid value: "0 9-5 * * *": beginning of range (9) beyond end of range (5): 9-5'],
    [{ schedule: '*/0 * * * *' }, 'spec.schedule: Invalid value: "*/0 * * * *": step of range should be a positive number: */0'],
    [{ schedule: '0 0 0 * *' }, 'spec.schedule: Invalid value: "0 0 0 * *": beginning of range (0) below minimum (1): 0'],
    [{ schedule: '0 0 * * 1-2-3' }, 'spec.schedule: Invalid value: "0 0 * * 1-2-3": too many hyphens: 1-2-3'],
    [{ schedule: '0 0 * * mon#2' }, 'spec.schedule: Invalid value: "0 0 * * mon#2": failed to parse int from mon#2: strconv.Atoi: parsing "mon#2": invalid syntax'],
    [{ schedule: 'TZ=UTC 0 * * * *' }, 'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
  ])('rejects %j', async (spec, expected) => {
    expect(await rejection(cronJob(spec))).toBe(expected);
  });

  it('rejects a selector or manualSelector in the job template (ValidateJobTemplateSpec)', async () => {
    expect(await rejection(cronJob({}, { selector: { matchLabels: { app: 'x' } } })))
      .toBe('spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated');
    expect(await rejection(cronJob({}, { manualSelector: true }))).toBe('spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: "nil", "false"');
  });

  it('accepts what robfig accepts: names, N/step, and a day the month never has (it never runs, as upstream)', async () => {
    for (const schedule of ['0 0 * jan-mar MON-fri', '5/15 * * * *', '0 0 30 2 *', '@every 1h30m', ' 0  0 * * * ']) {
      expect([schedule, await rejection(cronJob({ schedule }))]).toEqual([schedule, 'accepted']);
    }
  });
});
