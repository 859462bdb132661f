/** batch/v1 CronJob: defaults, validation and columns. The controller comes with the Batch Jobs work. */
import { fieldErrors, type FieldError, type KubeObject } from '../store';
import { formatSelectorSpec, type LabelSelectorSpec } from '../store/selectors';
import { goLabelSelector, invalidGo, metadataErrors } from './meta';
import { jobSpecErrors } from './job';
import { defaultPodSpec } from './pod';
import { age, at, ageColumn, col, containersAndImages, nameColumn, since } from './printing';
import type { KindDefinition } from './registry';
import { scheduleError } from '../controllers/cronjob-schedule';

type Json = Record<string, unknown>;

/** validateScheduleFormat: cron.ParseStandard's error, and no TZ in the schedule (the timeZone field says it). */
export function scheduleErrors(schedule: unknown, path: string): FieldError[] {
  if (typeof schedule !== 'string' || schedule === '') return [fieldErrors.required(path)];
  const errs: FieldError[] = [];
  // robfig reads a leading TZ=/CRON_TZ= itself; the rule below rejects it.
  const tz = /^(?:CRON_)?TZ=\S*\s+/.exec(schedule);
  const parseErr = scheduleError(tz ? schedule.slice(tz[0].length) : schedule);
  if (parseErr) errs.push(fieldErrors.invalid(path, schedule, parseErr));
  if (schedule.includes('TZ')) errs.push(fieldErrors.invalid(path, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  return errs;
}

export const cronJob: KindDefinition = {
  kind: 'CronJob', group: 'batch', version: 'v1', resource: 'cronjobs', singular: 'cronjob', namespaced: true,
  shortNames: ['cj'], categories: ['all'], subresources: ['status'], model: 'V1CronJob',
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Json;
    spec.concurrencyPolicy ??= 'Allow';
    spec.suspend ??= false;
    spec.successfulJobsHistoryLimit ??= 3;
    spec.failedJobsHistoryLimit ??= 1;
    const tspec = at<Json>(spec, 'jobTemplate', 'spec', 'template', 'spec');
    if (tspec) defaultPodSpec(tspec);
  },
  validate(obj: KubeObject) {
    const spec = (obj.spec ?? {}) as Json;
    const errs = [...metadataErrors(obj), ...scheduleErrors(spec.schedule, 'spec.schedule')];
    if ((obj.metadata.name ?? '').length > 52) errs.push(fieldErrors.invalid('metadata.name', obj.metadata.name, 'must be no more than 52 characters'));
    const cp = spec.concurrencyPolicy;
    if (cp !== undefined && !['Allow', 'Forbid', 'Replace'].includes(cp as string)) errs.push(fieldErrors.notSupported('spec.concurrencyPolicy', cp, ['Allow', 'Forbid', 'Replace']));
    if (spec.timeZone !== undefined && spec.timeZone !== null) {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: String(spec.timeZone) });
      } catch {
        errs.push(fieldErrors.invalid('spec.timeZone', spec.timeZone, 'unknown time zone ' + String(spec.timeZone)));
      }
    }
    for (const f of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
      const v = spec[f];
      if (typeof v === 'number' && v < 0) errs.push(fieldErrors.invalid(`spec.${f}`, v, 'must be greater than or equal to 0'));
    }
    const jobSpec = at<Json>(spec, 'jobTemplate', 'spec');
    errs.push(...jobSpecErrors(jobSpec, 'spec.jobTemplate.spec'));
    // ValidateJobTemplateSpec: the Jobs it makes get generated selectors.
    if (jobSpec?.selector) errs.push(invalidGo('spec.jobTemplate.spec.selector', goLabelSelector(jobSpec.selector as never), '`selector` will be auto-generated'));
    if (jobSpec?.manualSelector === true) errs.push(fieldErrors.notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
    return errs;
  },
  columns: [
    nameColumn,
    col('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    col('Timezone', 'string', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
    col('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions.'),
    col('Active', 'integer', 'A list of pointers to currently running jobs.'),
    col('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
    ageColumn,
    col('Containers', 'string', 'Names of each container in the template.', 1),
    col('Images', 'string', 'Images referenced by each container in the template.', 1),
    col('Selector', 'string', 'Selector that identifies the pods the job manages.', 1),
  ],
  row(obj, now) {
    const last = at<string>(obj, 'status', 'lastScheduleTime');
    const [containers, images] = containersAndImages(at(obj, 'spec', 'jobTemplate', 'spec', 'template', 'spec'));
    return [
      obj.metadata.name, at(obj, 'spec', 'schedule'), at<string>(obj, 'spec', 'timeZone') ?? '<none>', at(obj, 'spec', 'suspend') ?? false,
      (at<unknown[]>(obj, 'status', 'active') ?? []).length, last ? since(last, now) : '<none>', age(obj, now),
      containers, images, formatSelectorSpec(at<LabelSelectorSpec>(obj, 'spec', 'jobTemplate', 'spec', 'selector')) || '<none>',
    ];
  },
};
