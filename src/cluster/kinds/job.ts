/** batch/v1 Job: defaults (batch/v1/defaults.go), validation (batch/validation) and columns. */
import { fieldErrors, type FieldError, type KubeObject } from '../store';
import { formatSelectorSpec, matchLabels, selectorFromSpec, type LabelSelectorSpec } from '../store/selectors';
import { goLabelSelector, goStringMap, invalidGo, labelErrors, metadataErrors } from './meta';
import { jobPolicyErrors, jobSpecUpdateErrors } from './job-validation';
import { defaultPodSpec, podSpecErrors } from './pod';
import { age, at, ageColumn, col, containersAndImages, humanDuration, nameColumn } from './printing';
import type { KindDefinition } from './registry';

type Json = Record<string, unknown>;

// batch/v1 types.go label names the Job controller puts on its pods.
export const JobNameLabel = 'batch.kubernetes.io/job-name';
export const ControllerUidLabel = 'batch.kubernetes.io/controller-uid';
export const LegacyJobNameLabel = 'job-name';
export const LegacyControllerUidLabel = 'controller-uid';

/** SetDefaults_Job plus the selector the job strategy generates (pkg/registry/batch/job/strategy.go). */
export function defaultJob(job: KubeObject): void {
  const spec = (job.spec ??= {}) as Json;
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.manualSelector ??= undefined;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  // SetDefaults_Job: an onPodConditions pattern without a status matches True.
  for (const rule of (at<Json[]>(spec, 'podFailurePolicy', 'rules') ?? [])) {
    for (const c of (Array.isArray(rule?.onPodConditions) ? rule.onPodConditions as Json[] : [])) if (c && typeof c === 'object') c.status ??= 'True';
  }
  const template = (spec.template ??= {}) as Json;
  const tmeta = (template.metadata ??= {}) as Json;
  if (spec.manualSelector !== true && job.metadata.uid) {
    // strategy.go generateSelector: the pods carry the Job's uid, so two Jobs never adopt each other's
    // pods. Labels and a selector the user set are kept; ValidateGeneratedSelector rejects conflicts.
    const labels = (tmeta.labels ??= {}) as Record<string, string>;
    labels[LegacyJobNameLabel] ??= job.metadata.name ?? '';
    labels[JobNameLabel] ??= job.metadata.name ?? '';
    labels[LegacyControllerUidLabel] ??= job.metadata.uid;
    labels[ControllerUidLabel] ??= job.metadata.uid;
    const selector = (spec.selector ??= {}) as Json;
    const matchLabels = (selector.matchLabels ??= {}) as Record<string, string>;
    matchLabels[ControllerUidLabel] ??= job.metadata.uid;
  }
  // SetDefaults_Job: a Job without labels takes its template's (applied again when read back upstream).
  if (!Object.keys(job.metadata.labels ?? {}).length && tmeta.labels) job.metadata.labels = { ...(tmeta.labels as Record<string, string>) };
  if (template.spec) defaultPodSpec(template.spec as Json);
}

export function jobSpecErrors(spec: Json | undefined, path: string): ReturnType<typeof podSpecErrors> {
  const errs = [];
  if (!spec) return [fieldErrors.required(path)];
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']) {
    const v = spec[f];
    if (v !== undefined && v !== null && (typeof v !== 'number' || v < 0)) errs.push(fieldErrors.invalid(`${path}.${f}`, v, 'must be greater than or equal to 0'));
  }
  if (spec.activeDeadlineSeconds === 0) errs.push(fieldErrors.invalid(`${path}.activeDeadlineSeconds`, 0, 'must be greater than 0'));
  const mode = spec.completionMode;
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(fieldErrors.notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
  if (mode === 'Indexed' && spec.completions === undefined) {
    errs.push(fieldErrors.required(`${path}.completions`, 'when completion mode is Indexed'));
  }
  const template = spec.template as Json | undefined;
  if (!template) errs.push(fieldErrors.required(`${path}.template`));
  else {
    errs.push(...labelErrors(`${path}.template.metadata.labels`, at(template, 'metadata', 'labels')));
    const tspec = template.spec as Json | undefined;
    errs.push(...podSpecErrors(tspec, `${path}.template.spec`, ['OnFailure', 'Never']));
    if (spec.podFailurePolicy && tspec?.restartPolicy !== 'Never') {
      errs.push(fieldErrors.invalid(`${path}.template.spec.restartPolicy`, tspec?.restartPolicy, 'only "Never" is supported when podFailurePolicy is specified'));
    }
  }
  const names = ['containers', 'initContainers'].flatMap((l) => (at<Json[]>(template, 'spec', l) ?? []).map((c) => c?.name as string));
  errs.push(...jobPolicyErrors(spec, path, names));
  return errs;
}

/** ValidateHasLabel: the template carries the label generateSelector put there. */
function hasLabelErrors(labels: Record<string, unknown> | undefined, key: string, expected: string): FieldError[] {
  const path = `spec.template.metadata.labels[${key}]`;
  if (labels?.[key] === undefined) return [fieldErrors.required(path, expected)];
  return labels[key] === expected ? [] : [invalidGo(path, goStringMap(labels), `must be '${expected}'`)];
}

/**
 * validation.go ValidateGeneratedSelector: without manualSelector the selector is the generated one.
 * A selector the user wrote keeps its labels next to the generated uid, so it selects no pods the
 * template makes and the Job is rejected rather than creating pods it never sees.
 */
function generatedSelectorErrors(job: KubeObject): FieldError[] {
  const spec = (job.spec ?? {}) as Json;
  if (spec.manualSelector === true || !spec.selector) return [];
  const uid = job.metadata.uid ?? '';
  const name = job.metadata.name ?? '';
  if (!uid) return [fieldErrors.required('metadata.uid')];
  const labels = at<Record<string, unknown>>(spec, 'template', 'metadata', 'labels');
  const errs = [
    ...hasLabelErrors(labels, LegacyControllerUidLabel, uid), ...hasLabelErrors(labels, LegacyJobNameLabel, name),
    ...hasLabelErrors(labels, ControllerUidLabel, uid), ...hasLabelErrors(labels, JobNameLabel, name),
  ];
  const selector = spec.selector as LabelSelectorSpec;
  if (!matchLabels(selectorFromSpec(selector), { [ControllerUidLabel]: uid })) {
    errs.push(invalidGo('spec.selector', goLabelSelector(selector), '`selector` not auto-generated'));
  }
  return errs;
}

/** ValidateJobSpec: a selector is required, and whether generated or manual it matches the template's labels. */
function selectorMatchErrors(spec: Json | undefined): FieldError[] {
  const selector = spec?.selector as LabelSelectorSpec | undefined;
  if (!selector) return [fieldErrors.required('spec.selector')];
  const labels = at<Record<string, string>>(spec, 'template', 'metadata', 'labels');
  if (matchLabels(selectorFromSpec(selector), labels)) return [];
  return [invalidGo('spec.template.metadata.labels', goStringMap(labels), '`selector` does not match template `labels`')];
}

function hasCondition(job: KubeObject, type: string): boolean {
  return (at<Array<{ type: string; status: string }>>(job, 'status', 'conditions') ?? []).some((c) => c.type === type && c.status === 'True');
}

/** printJob's STATUS column (kubectl 1.32). */
export function jobStatusColumn(job: KubeObject): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  if (hasCondition(job, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

function jobRow(job: KubeObject, now: number): unknown[] {
  const succeeded = at<number>(job, 'status', 'succeeded') ?? 0;
  const completions = at<number>(job, 'spec', 'completions');
  const parallelism = at<number>(job, 'spec', 'parallelism');
  const completionsCell =
    completions !== undefined && completions !== null ? `${succeeded}/${completions}`
      : parallelism !== undefined && parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
  const start = at<string>(job, 'status', 'startTime');
  const done = at<string>(job, 'status', 'completionTime');
  const duration = !start ? '' : humanDuration((done ? Date.parse(done) : now) - Date.parse(start));
  const [containers, images] = containersAndImages(at(job, 'spec', 'template', 'spec'));
  return [job.metadata.name, jobStatusColumn(job), completionsCell, duration, age(job, now), containers, images, formatSelectorSpec(at<LabelSelectorSpec>(job, 'spec', 'selector'))];
}

export const job: KindDefinition = {
  kind: 'Job', group: 'batch', version: 'v1', resource: 'jobs', singular: 'job', namespaced: true,
  categories: ['all'], subresources: ['status'], model: 'V1Job', fieldSelectors: ['status.successful'],
  // batch/v1 Jobs orphan their pods unless told otherwise (job strategy DefaultGarbageCollectionPolicy);
  // kubectl always sends Background.
  defaultPropagation: 'Orphan',
  defaults: (obj) => defaultJob(obj),
  validate(obj, old) {
    const errs = [...metadataErrors(obj), ...generatedSelectorErrors(obj), ...jobSpecErrors(obj.spec as Json, 'spec'), ...selectorMatchErrors(obj.spec as Json)];
    if (old) errs.push(...jobSpecUpdateErrors(obj.spec as Json, (old.spec ?? {}) as Json));
    if (old && JSON.stringify(at(old, 'spec', 'template')) !== JSON.stringify(at(obj, 'spec', 'template')) && !at(old, 'spec', 'suspend')) {
      errs.push(fieldErrors.invalid('spec.template', at(obj, 'spec', 'template'), 'field is immutable'));
    }
    return errs;
  },
  columns: [
    nameColumn,
    col('Status', 'string', 'Status of the job.'),
    col('Completions', 'string', 'The desired number of successfully finished pods the job should be run with.'),
    col('Duration', 'string', 'Time required to complete the job.'),
    ageColumn,
    col('Containers', 'string', 'Names of each container in the template.', 1),
    col('Images', 'string', 'Images referenced by each container in the template.', 1),
    col('Selector', 'string', 'Selector that identifies the pods the job manages.', 1),
  ],
  row: jobRow,
};
