/**
 * The Job spec rules beyond counts and the pod template (pkg/apis/batch/validation/validation.go):
 * per-index backoff, podFailurePolicy, successPolicy, podReplacementPolicy, and what an update may
 * change. Field paths and messages are upstream's, so a learner can search them.
 */
import { fieldErrors, type FieldError } from '../store';
import { goLabelSelector, invalidGo } from './meta';

type Json = Record<string, unknown>;

// validation.go limits.
const maxParallelismForIndexedJob = 100_000;
const maxFailedIndexesLimitForIndexedJob = 100_000;
const maxPodFailurePolicyRules = 20;
const maxPodFailurePolicyOnExitCodesValues = 255;
const maxSuccessPolicyRule = 20;
const maxJobSuccessPolicySucceededIndexesLimit = 64 * 1024;

// sets.List order (sorted), as upstream prints the supported values.
const supportedPodFailurePolicyActions = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const supportedOnExitCodesOperators = ['In', 'NotIn'];
const supportedOnPodConditionsStatus = ['False', 'True', 'Unknown'];
const supportedPodReplacementPolicy = ['Failed', 'TerminatingOrFailed'];
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const isSet = (v: unknown) => v !== undefined && v !== null;
/** fmt %q of a []string: ["a" "b"]. */
const goQuoted = (xs: string[]) => `[${xs.map((x) => JSON.stringify(x)).join(' ')}]`;
/** fmt %#v of a []int32. */
const goInt32s = (xs: unknown[] | undefined) => (xs?.length ? `[]int32{${xs.join(', ')}}` : '[]int32(nil)');
const tooMany = (field: string, n: number, max: number): FieldError => ({ type: 'FieldValueTooMany', field, detail: `Too many: ${n}: must have at most ${max} items` });

/** validateJobSpec: the parts about completion mode, per-index backoff and the two policies. */
export function jobPolicyErrors(spec: Json, path: string, containerNames: string[]): FieldError[] {
  const errs: FieldError[] = [];
  const indexed = spec.completionMode === 'Indexed';
  const completions = spec.completions as number | undefined;
  for (const f of ['backoffLimitPerIndex', 'maxFailedIndexes']) {
    const v = spec[f];
    if (typeof v === 'number' && v < 0) errs.push(fieldErrors.invalid(`${path}.${f}`, v, 'must be greater than or equal to 0'));
  }
  if (isSet(spec.maxFailedIndexes) && !isSet(spec.backoffLimitPerIndex)) {
    errs.push(fieldErrors.required(`${path}.backoffLimitPerIndex`, 'when maxFailedIndexes is specified'));
  }
  if (indexed) {
    const parallelism = spec.parallelism as number | undefined;
    if (typeof parallelism === 'number' && parallelism > maxParallelismForIndexedJob) {
      errs.push(fieldErrors.invalid(`${path}.parallelism`, parallelism, `must be less than or equal to ${maxParallelismForIndexedJob} when completion mode is Indexed`));
    }
    const maxFailed = spec.maxFailedIndexes as number | undefined;
    if (typeof maxFailed === 'number' && typeof completions === 'number' && maxFailed > completions) {
      errs.push(fieldErrors.invalid(`${path}.maxFailedIndexes`, maxFailed, 'must be less than or equal to completions'));
    }
    if (typeof maxFailed === 'number' && maxFailed > maxFailedIndexesLimitForIndexedJob) {
      errs.push(fieldErrors.invalid(`${path}.maxFailedIndexes`, maxFailed, `must be less than or equal to ${maxFailedIndexesLimitForIndexedJob}`));
    }
  } else {
    for (const f of ['backoffLimitPerIndex', 'maxFailedIndexes']) {
      if (isSet(spec[f])) errs.push(fieldErrors.invalid(`${path}.${f}`, spec[f], 'requires indexed completion mode'));
    }
  }
  if (isSet(spec.podFailurePolicy)) errs.push(...podFailurePolicyErrors(spec, `${path}.podFailurePolicy`, containerNames));
  if (isSet(spec.successPolicy)) {
    // Upstream prints the struct with %#v (pointer addresses included); JSON stands in for it.
    if (!indexed) errs.push(fieldErrors.invalid(`${path}.successPolicy`, spec.successPolicy, 'requires indexed completion mode'));
    else errs.push(...successPolicyErrors(spec, `${path}.successPolicy`));
  }
  const prp = spec.podReplacementPolicy;
  if (isSet(prp)) {
    if (isSet(spec.podFailurePolicy)) {
      if (prp !== 'Failed') errs.push(fieldErrors.notSupported(`${path}.podReplacementPolicy`, prp, ['Failed']));
    } else if (!supportedPodReplacementPolicy.includes(prp as string)) {
      errs.push(fieldErrors.notSupported(`${path}.podReplacementPolicy`, prp, supportedPodReplacementPolicy));
    }
  }
  return errs;
}

/** validatePodFailurePolicy and validatePodFailurePolicyRule. */
function podFailurePolicyErrors(spec: Json, path: string, containerNames: string[]): FieldError[] {
  const errs: FieldError[] = [];
  const rules = ((spec.podFailurePolicy as Json).rules as Json[] | undefined) ?? [];
  if (rules.length > maxPodFailurePolicyRules) errs.push(tooMany(`${path}.rules`, rules.length, maxPodFailurePolicyRules));
  rules.forEach((rule, i) => {
    const p = `${path}.rules[${i}]`;
    const action = rule.action;
    if (!action) errs.push(fieldErrors.required(`${p}.action`, `valid values: ${goQuoted(supportedPodFailurePolicyActions)}`));
    else if (action === 'FailIndex') {
      if (!isSet(spec.backoffLimitPerIndex)) errs.push(fieldErrors.invalid(`${p}.action`, action, 'requires the backoffLimitPerIndex to be set'));
    } else if (!supportedPodFailurePolicyActions.includes(action as string)) {
      errs.push(fieldErrors.notSupported(`${p}.action`, action, supportedPodFailurePolicyActions));
    }
    const onExitCodes = rule.onExitCodes as Json | undefined | null;
    const onPodConditions = (rule.onPodConditions as Json[] | undefined) ?? [];
    if (isSet(onExitCodes)) errs.push(...onExitCodesErrors(onExitCodes!, `${p}.onExitCodes`, containerNames));
    onPodConditions.forEach((c, j) => {
      const cp = `${p}.onPodConditions[${j}]`;
      const type = typeof c.type === 'string' ? c.type : '';
      if (!type) errs.push(fieldErrors.required(`${cp}.type`, 'name part must be non-empty'));
      else if (!QUALIFIED_NAME.test(type.split('/').pop()!)) {
        errs.push(fieldErrors.invalid(`${cp}.type`, type, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
      }
      if (!c.status) errs.push(fieldErrors.required(`${cp}.status`, `valid values: ${goQuoted(supportedOnPodConditionsStatus)}`));
      else if (!supportedOnPodConditionsStatus.includes(c.status as string)) errs.push(fieldErrors.notSupported(`${cp}.status`, c.status, supportedOnPodConditionsStatus));
    });
    // field.OmitValueType: the message has no value part.
    if (isSet(onExitCodes) && onPodConditions.length > 0) errs.push({ type: 'FieldValueInvalid', field: p, detail: 'Invalid value: specifying both OnExitCodes and OnPodConditions is not supported' });
    if (!isSet(onExitCodes) && onPodConditions.length === 0) errs.push({ type: 'FieldValueInvalid', field: p, detail: 'Invalid value: specifying one of OnExitCodes and OnPodConditions is required' });
  });
  return errs;
}

/** validatePodFailurePolicyRuleOnExitCodes. */
function onExitCodesErrors(req: Json, path: string, containerNames: string[]): FieldError[] {
  const errs: FieldError[] = [];
  const op = req.operator;
  if (!op) errs.push(fieldErrors.required(`${path}.operator`, `valid values: ${goQuoted(supportedOnExitCodesOperators)}`));
  else if (!supportedOnExitCodesOperators.includes(op as string)) errs.push(fieldErrors.notSupported(`${path}.operator`, op, supportedOnExitCodesOperators));
  if (isSet(req.containerName) && !containerNames.includes(req.containerName as string)) {
    errs.push(fieldErrors.invalid(`${path}.containerName`, req.containerName, 'must be one of the container or initContainer names in the pod template'));
  }
  const values = (req.values as number[] | undefined) ?? [];
  if (values.length === 0) errs.push(invalidGo(`${path}.values`, goInt32s(values), 'at least one value is required'));
  else if (values.length > maxPodFailurePolicyOnExitCodesValues) errs.push(tooMany(`${path}.values`, values.length, maxPodFailurePolicyOnExitCodesValues));
  const seen = new Set<number>();
  let ordered = true;
  values.forEach((v, j) => {
    if (op === 'In' && v === 0) errs.push(fieldErrors.invalid(`${path}.values[${j}]`, v, 'must not be 0 for the In operator'));
    if (seen.has(v)) errs.push(fieldErrors.duplicate(`${path}.values[${j}]`, v));
    seen.add(v);
    if (j > 0 && values[j - 1] > v) ordered = false;
  });
  if (!ordered) errs.push(invalidGo(`${path}.values`, goInt32s(values), 'must be ordered'));
  return errs;
}

/** validateSuccessPolicy and validateSuccessPolicyRule (Indexed Jobs only; completions is set). */
function successPolicyErrors(spec: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const completions = typeof spec.completions === 'number' ? spec.completions : 0;
  const rules = ((spec.successPolicy as Json).rules as Json[] | undefined) ?? [];
  if (rules.length === 0) errs.push(fieldErrors.required(`${path}.rules`, 'at least one rules must be specified when the successPolicy is specified'));
  if (rules.length > maxSuccessPolicyRule) errs.push(tooMany(`${path}.rules`, rules.length, maxSuccessPolicyRule));
  rules.forEach((rule, i) => {
    const p = `${path}.rules[${i}]`;
    let total = 0;
    const indexes = rule.succeededIndexes;
    if (typeof indexes === 'string') {
      if (indexes.length > maxJobSuccessPolicySucceededIndexesLimit) {
        errs.push({ type: 'FieldValueTooLong', field: `${p}.succeededIndexes`, detail: `Too long: may not be more than ${maxJobSuccessPolicySucceededIndexesLimit} bytes` });
      }
      const parsed = parseIndexes(indexes, completions);
      if (typeof parsed === 'string') errs.push(fieldErrors.invalid(`${p}.succeededIndexes`, indexes, `error parsing succeededIndexes: ${parsed}`));
      else total = parsed;
    }
    const count = rule.succeededCount;
    if (typeof count === 'number') {
      if (count < 0) errs.push(fieldErrors.invalid(`${p}.succeededCount`, count, 'must be greater than or equal to 0'));
      if (count > completions) errs.push(fieldErrors.invalid(`${p}.succeededCount`, count, `must be less than or equal to ${completions} (the number of specified completions)`));
      if (typeof indexes === 'string' && count > total) {
        errs.push(fieldErrors.invalid(`${p}.succeededCount`, count, `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`));
      }
    }
    if (!isSet(count) && !isSet(indexes)) errs.push(fieldErrors.required(p, 'at least one of succeededCount or succeededIndexes must be specified'));
  });
  return errs;
}

/** validateIndexesFormat: "1,3-5,7" below completions, increasing; the count of indexes, or the error. */
function parseIndexes(text: string, completions: number): number | string {
  if (text === '') return 0;
  let last: number | undefined;
  let total = 0;
  // strconv.Atoi: optional sign and digits only.
  const atoi = (s: string) => (/^[+-]?\d+$/.test(s) ? Number(s) : undefined);
  for (const interval of text.split(',')) {
    const limits = interval.split('-');
    if (limits.length > 2) return `the fragment ${JSON.stringify(interval)} violates the requirement that an index interval can have at most two parts separated by '-'`;
    const x = atoi(limits[0]);
    if (x === undefined) return `cannot convert string to integer for index: ${JSON.stringify(limits[0])}`;
    if (x >= completions) return `too large index: ${JSON.stringify(limits[0])}`;
    if (last !== undefined && last >= x) return `non-increasing order, previous: ${last}, current: ${x}`;
    total++;
    last = x;
    if (limits.length > 1) {
      const y = atoi(limits[1]);
      if (y === undefined) return `cannot convert string to integer for index: ${JSON.stringify(limits[1])}`;
      if (y >= completions) return `too large index: ${JSON.stringify(limits[1])}`;
      if (last >= y) return `non-increasing order, previous: ${last}, current: ${y}`;
      total += y - x;
      last = y;
    }
  }
  return total;
}

/**
 * ValidateJobSpecUpdate: what may not change once the Job exists. Completions may change only on an
 * Indexed Job, together with parallelism (validateCompletions, elastic Indexed Jobs, GA in 1.31).
 */
export function jobSpecUpdateErrors(spec: Json, old: Json): FieldError[] {
  const errs: FieldError[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  if (!same(spec.completions, old.completions)) {
    if (spec.completionMode !== 'Indexed') errs.push(fieldErrors.invalid('spec.completions', spec.completions ?? null, 'field is immutable'));
    else if (isSet(spec.completions) && spec.completions !== spec.parallelism) {
      errs.push(fieldErrors.invalid('spec.completions', spec.completions, 'can only be modified in tandem with spec.parallelism'));
    }
  }
  if (!same(spec.selector, old.selector)) errs.push(invalidGo('spec.selector', goLabelSelector(spec.selector as never), 'field is immutable'));
  for (const f of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy']) {
    if (!same(spec[f], old[f])) errs.push(fieldErrors.invalid(`spec.${f}`, spec[f] ?? null, 'field is immutable'));
  }
  return errs;
}
