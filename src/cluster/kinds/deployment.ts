/** apps/v1 Deployment and ReplicaSet: defaults (apps/v1/defaults.go), validation and columns. */
import { fieldErrors, type FieldError, type KubeObject } from '../store';
import { formatSelectorSpec, matchLabels, selectorFromSpec, type LabelSelectorSpec } from '../store/selectors';
import { goStringMap, invalidGo, labelErrors, metadataErrors } from './meta';
import { defaultPodSpec, podSpecErrors } from './pod';
import { age, at, ageColumn, col, containersAndImages, nameColumn } from './printing';
import type { KindDefinition } from './registry';

type Json = Record<string, unknown>;

/**
 * The selector rules the apps/v1 workloads share: required, not empty ("empty selector is invalid
 * for <what>": upstream says "deployment" for ReplicaSets too), matching the template labels,
 * immutable on update; and the template's labels.
 */
export function selectorErrors(obj: KubeObject, old: KubeObject | undefined, emptyFor: string): FieldError[] {
  const spec = (obj.spec ?? {}) as Json;
  const errs: FieldError[] = [];
  const selector = spec.selector as LabelSelectorSpec | undefined;
  const templateLabels = at<Record<string, string>>(spec, 'template', 'metadata', 'labels');
  if (!selector) errs.push(fieldErrors.required('spec.selector'));
  else if (selectorFromSpec(selector).length === 0) errs.push(fieldErrors.invalid('spec.selector', selector, `empty selector is invalid for ${emptyFor}`));
  else if (!matchLabels(selectorFromSpec(selector), templateLabels)) {
    errs.push(invalidGo('spec.template.metadata.labels', goStringMap(templateLabels), '`selector` does not match template `labels`'));
  }
  if (old && JSON.stringify(at(old, 'spec', 'selector')) !== JSON.stringify(selector)) {
    errs.push(fieldErrors.invalid('spec.selector', selector, 'field is immutable'));
  }
  errs.push(...labelErrors('spec.template.metadata.labels', templateLabels));
  return errs;
}

/** ValidateDeploymentSpec / ValidateReplicaSetSpec: selector required and matching the template. */
function workloadErrors(obj: KubeObject, old: KubeObject | undefined): FieldError[] {
  const spec = (obj.spec ?? {}) as Json;
  const errs = [...metadataErrors(obj)];
  const replicas = spec.replicas;
  if (replicas !== undefined && (typeof replicas !== 'number' || replicas < 0)) errs.push(fieldErrors.invalid('spec.replicas', replicas, 'must be greater than or equal to 0'));
  errs.push(...selectorErrors(obj, old, 'deployment'));
  errs.push(...podSpecErrors(at<Json>(spec, 'template', 'spec'), 'spec.template.spec', ['Always']));
  return errs;
}

function workloadDefaults(obj: KubeObject): Json {
  const spec = (obj.spec ??= {}) as Json;
  spec.replicas ??= 1;
  const tspec = at<Json>(spec, 'template', 'spec');
  if (tspec) defaultPodSpec(tspec);
  return spec;
}

export const deployment: KindDefinition = {
  kind: 'Deployment', group: 'apps', version: 'v1', resource: 'deployments', singular: 'deployment', namespaced: true,
  shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'], model: 'V1Deployment',
  defaults(obj) {
    const spec = workloadDefaults(obj);
    const strategy = (spec.strategy ??= { type: 'RollingUpdate' }) as Json;
    if (strategy.type === 'RollingUpdate' || strategy.type === undefined) {
      strategy.type = 'RollingUpdate';
      const ru = (strategy.rollingUpdate ??= {}) as Json;
      ru.maxUnavailable ??= '25%';
      ru.maxSurge ??= '25%';
    }
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
  },
  validate: workloadErrors,
  columns: [
    nameColumn,
    col('Ready', 'string', 'Number of the pod with ready state'),
    col('Up-to-date', 'integer', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'integer', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    ageColumn,
    col('Containers', 'string', 'Names of each container in the template.', 1),
    col('Images', 'string', 'Images referenced by each container in the template.', 1),
    col('Selector', 'string', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', 1),
  ],
  row(obj, now) {
    const [containers, images] = containersAndImages(at(obj, 'spec', 'template', 'spec'));
    return [
      obj.metadata.name, `${at<number>(obj, 'status', 'readyReplicas') ?? 0}/${at<number>(obj, 'spec', 'replicas') ?? 0}`,
      at<number>(obj, 'status', 'updatedReplicas') ?? 0, at<number>(obj, 'status', 'availableReplicas') ?? 0, age(obj, now),
      containers, images, formatSelectorSpec(at<LabelSelectorSpec>(obj, 'spec', 'selector')),
    ];
  },
};

export const replicaSet: KindDefinition = {
  kind: 'ReplicaSet', group: 'apps', version: 'v1', resource: 'replicasets', singular: 'replicaset', namespaced: true,
  shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'], model: 'V1ReplicaSet',
  defaults: (obj) => void workloadDefaults(obj),
  validate: workloadErrors,
  columns: [
    nameColumn,
    col('Desired', 'integer', 'Replicas is the number of desired replicas.'),
    col('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
    col('Ready', 'integer', 'The number of ready replicas for this replica set.'),
    ageColumn,
    col('Containers', 'string', 'Names of each container in the template.', 1),
    col('Images', 'string', 'Images referenced by each container in the template.', 1),
    col('Selector', 'string', 'Selector is a label query over pods that should match the replica count.', 1),
  ],
  row(obj, now) {
    const [containers, images] = containersAndImages(at(obj, 'spec', 'template', 'spec'));
    return [
      obj.metadata.name, at<number>(obj, 'spec', 'replicas') ?? 0, at<number>(obj, 'status', 'replicas') ?? 0,
      at<number>(obj, 'status', 'readyReplicas') ?? 0, age(obj, now), containers, images,
      formatSelectorSpec(at<LabelSelectorSpec>(obj, 'spec', 'selector')),
    ];
  },
};
