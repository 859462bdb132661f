import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/store';
import { sharedManualCluster } from './helpers';

type Json = Record<string, any>;

const shared = sharedManualCluster();

let seq = 0;
function job(spec: Json, tspec: Json = {}, labels?: Json): KubeObject {
  return {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: `j${++seq}`, namespace: 'default' },
    spec: { ...spec, template: { ...(labels ? { metadata: { labels } } : {}), spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'perl:5.34' }], ...tspec } } },
  };
}

/** The API server's answer, as kubectl prints it after "Error from server (Invalid): ". */
async function rejection(obj: KubeObject): Promise<string> {
  try {
    await shared.cluster.api.create(obj, { dryRun: true });
  } catch (e) {
    return (e as Error).message.replace(/^Job\.batch "j\d+" is invalid: /, '');
  }
  return 'accepted';
}

describe('Job selector (batch validation ValidateGeneratedSelector, ValidateJobSpec)', () => {
  it('rejects a selector without manualSelector: the generated one would select none of its pods', async () => {
    const msg = await rejection(job({ selector: { matchLabels: { app: 'pi' } } }, {}, { app: 'pi' }));
    expect(msg).toMatch(/^spec\.selector: Invalid value: v1\.LabelSelector\{MatchLabels:map\[string\]string\{"app":"pi", "batch\.kubernetes\.io\/controller-uid":"[0-9a-f-]{36}"\}, MatchExpressions:\[\]v1\.LabelSelectorRequirement\(nil\)\}: `selector` not auto-generated$/);
  });

  it('rejects a manual selector that does not match the template labels, and accepts one that does', async () => {
    expect(await rejection(job({ manualSelector: true, selector: { matchLabels: { app: 'pi' } } }, {}, { app: 'other' })))
      .toBe('spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`');
    expect(await rejection(job({ manualSelector: true }, {}, { app: 'pi' }))).toBe('spec.selector: Required value');
    expect(await rejection(job({ manualSelector: true, selector: { matchLabels: { app: 'pi' } } }, {}, { app: 'pi' }))).toBe('accepted');
  });

  it('keeps template labels the user set, and rejects a job-name label that is not the Job name', async () => {
    expect(await rejection(job({}, {}, { 'job-name': 'other' })))
      .toMatch(/^spec\.template\.metadata\.labels\[job-name\]: Invalid value: map\[string\]string\{.*"job-name":"other".*\}: must be 'j\d+'$/);
    const created = await shared.cluster.api.create(job({}, {}, { app: 'pi' }), { dryRun: true });
    expect((created.object.spec as Json).selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': created.object.metadata.uid } });
    expect((created.object.spec as Json).template.metadata.labels.app).toBe('pi');
  });
});

const exit1 = { action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } };

describe('Job spec rules (validateJobSpec, validatePodFailurePolicy, validateSuccessPolicy)', () => {
  it.each([
    [{ backoffLimitPerIndex: 1 }, 'spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode'],
    [{ completionMode: 'Indexed', completions: 3, maxFailedIndexes: 1 }, 'spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified'],
    [{ completionMode: 'Indexed', completions: 2, backoffLimitPerIndex: 1, maxFailedIndexes: 3 }, 'spec.maxFailedIndexes: Invalid value: 3: must be less than or equal to completions'],
    [{ successPolicy: { rules: [{ succeededCount: 1 }] } }, 'spec.successPolicy: Invalid value: {"rules":[{"succeededCount":1}]}: requires indexed completion mode'],
    [{ completionMode: 'Indexed', completions: 2, successPolicy: { rules: [{ succeededIndexes: '0-5' }] } }, 'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "0-5": error parsing succeededIndexes: too large index: "5"'],
    [{ completionMode: 'Indexed', completions: 5, successPolicy: { rules: [{ succeededIndexes: '0,2', succeededCount: 3 }] } }, 'spec.successPolicy.rules[0].succeededCount: Invalid value: 3: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)'],
    [{ completionMode: 'Indexed', completions: 5, successPolicy: { rules: [{}] } }, 'spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified'],
    [{ podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [0] } }] } }, 'spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator'],
    [{ podFailurePolicy: { rules: [{ action: 'Count', onExitCodes: { operator: 'NotIn', values: [3, 1] } }] } }, 'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{3, 1}: must be ordered'],
    [{ podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }] } }, 'spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set'],
    [{ podFailurePolicy: { rules: [{ action: 'FailJob' }] } }, 'spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required'],
    [{ podFailurePolicy: { rules: [{ ...exit1, onPodConditions: [{ type: 'DisruptionTarget' }] }] } }, 'spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported'],
    [{ podFailurePolicy: { rules: [{ action: 'Stop', onExitCodes: { operator: 'In', values: [1] } }] } }, 'spec.podFailurePolicy.rules[0].action: Unsupported value: "Stop": supported values: "Count", "FailIndex", "FailJob", "Ignore"'],
    [{ podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'nope', operator: 'In', values: [1] } }] } }, 'spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "nope": must be one of the container or initContainer names in the pod template'],
    [{ podFailurePolicy: { rules: [exit1] }, podReplacementPolicy: 'TerminatingOrFailed' }, 'spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"'],
  ])('rejects %j', async (spec, expected) => {
    expect(await rejection(job(spec))).toBe(expected);
  });

  it('accepts the valid forms: per-index backoff, a success policy, a pod failure policy with a defaulted condition status', async () => {
    expect(await rejection(job({ completionMode: 'Indexed', completions: 5, backoffLimitPerIndex: 1, maxFailedIndexes: 2, successPolicy: { rules: [{ succeededIndexes: '0,2-4', succeededCount: 2 }] } }))).toBe('accepted');
    const pfp = { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }, { action: 'FailIndex', onExitCodes: { operator: 'In', values: [42] } }] };
    const created = await shared.cluster.api.create(job({ completionMode: 'Indexed', completions: 2, backoffLimitPerIndex: 0, podFailurePolicy: pfp }), { dryRun: true });
    expect((created.object.spec as Json).podFailurePolicy.rules[0].onPodConditions).toEqual([{ type: 'DisruptionTarget', status: 'True' }]);
  });

  it('rejects changing completions on update (ValidateJobSpecUpdate), except with parallelism on an Indexed Job', async () => {
    const nonIndexed = (await shared.cluster.api.create(job({ completions: 3, suspend: true }))).object;
    const err = await shared.cluster.api.update({ ...nonIndexed, spec: { ...(nonIndexed.spec as Json), completions: 5 } }).then(() => 'accepted', (e: Error) => e.message);
    expect(err).toBe(`Job.batch "${nonIndexed.metadata.name}" is invalid: spec.completions: Invalid value: 5: field is immutable`);
    const indexed = (await shared.cluster.api.create(job({ completionMode: 'Indexed', completions: 3, parallelism: 3, suspend: true }))).object;
    const alone = await shared.cluster.api.update({ ...indexed, spec: { ...(indexed.spec as Json), completions: 5 } }).then(() => 'accepted', (e: Error) => e.message);
    expect(alone).toBe(`Job.batch "${indexed.metadata.name}" is invalid: spec.completions: Invalid value: 5: can only be modified in tandem with spec.parallelism`);
    const scaled = await shared.cluster.api.update({ ...indexed, spec: { ...(indexed.spec as Json), completions: 5, parallelism: 5 } });
    expect((scaled.object.spec as Json).completions).toBe(5);
    const mode = await shared.cluster.api.update({ ...scaled.object, spec: { ...(scaled.object.spec as Json), completionMode: 'NonIndexed' } }).then(() => 'accepted', (e: Error) => e.message);
    expect(mode).toContain('spec.completionMode: Invalid value: "NonIndexed": field is immutable');
  });
});
