/**
 * apps/v1 DaemonSet: defaults (apps/v1/defaults.go SetDefaults_DaemonSet), validation
 * (pkg/apis/apps/validation ValidateDaemonSetSpec, ValidateDaemonSetUpdateStrategy) and the
 * `kubectl get ds` columns (printers.go daemonSetColumnDefinitions / printDaemonSet).
 */
import { fieldErrors, type FieldError, type KubeObject } from '../store';
import { formatSelectorSpec, type LabelSelectorSpec } from '../store/selectors';
import { selectorErrors } from './deployment';
import { metadataErrors } from './meta';
import { defaultPodSpec, podSpecErrors } from './pod';
import { age, ageColumn, at, col, containersAndImages, nameColumn } from './printing';
import type { KindDefinition } from './registry';

type Json = Record<string, unknown>;
type IntOrString = number | string;

const PERCENT = /^[0-9]+%$/;

/** ValidatePositiveIntOrPercent + IsNotMoreThan100Percent. */
function intOrPercentErrors(v: unknown, field: string): FieldError[] {
  if (v === undefined) return [];
  if (typeof v === 'string') {
    if (!PERCENT.test(v)) return [fieldErrors.invalid(field, v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")];
    return Number(v.slice(0, -1)) > 100 ? [fieldErrors.invalid(field, v, 'must not be greater than 100%')] : [];
  }
  if (typeof v !== 'number' || !Number.isInteger(v)) return [fieldErrors.invalid(field, v, "must be an integer or percentage (e.g '5%')")];
  return v < 0 ? [fieldErrors.invalid(field, v, 'must be greater than or equal to 0')] : [];
}

/** getIntOrPercentValue: "25%" → 25, 3 → 3. */
const intOrPercentValue = (v: unknown): number => (typeof v === 'string' && PERCENT.test(v) ? Number(v.slice(0, -1)) : typeof v === 'number' ? v : 0);

function nonNegative(v: unknown, field: string): FieldError[] {
  return v !== undefined && (typeof v !== 'number' || v < 0) ? [fieldErrors.invalid(field, v, 'must be greater than or equal to 0')] : [];
}

/** ValidateDaemonSetUpdateStrategy / ValidateRollingUpdateDaemonSet: exactly one of maxUnavailable and maxSurge is non-zero. */
function updateStrategyErrors(strategy: Json | undefined): FieldError[] {
  const type = strategy?.type;
  if (type === 'OnDelete') return [];
  if (type !== 'RollingUpdate') {
    // field.NotSupported(fldPath, strategy, …): upstream prints the whole Go struct as the value.
    return [{ type: 'FieldValueNotSupported', field: 'spec.updateStrategy', detail: `Unsupported value: apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(type ?? '')}, RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: "RollingUpdate", "OnDelete"` }];
  }
  const ru = strategy?.rollingUpdate as Json | undefined;
  if (!ru) return [fieldErrors.required('spec.updateStrategy.rollingUpdate')];
  const p = 'spec.updateStrategy.rollingUpdate';
  const errs = [...intOrPercentErrors(ru.maxUnavailable, `${p}.maxUnavailable`), ...intOrPercentErrors(ru.maxSurge, `${p}.maxSurge`)];
  const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
  if (hasUnavailable && hasSurge) errs.push(fieldErrors.invalid(`${p}.maxSurge`, ru.maxSurge, 'may not be set when maxUnavailable is non-zero'));
  else if (!hasUnavailable && !hasSurge) errs.push(fieldErrors.required(`${p}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
  return errs;
}

/** ValidateDaemonSet / ValidateDaemonSetSpec. */
function daemonSetErrors(obj: KubeObject, old?: KubeObject): FieldError[] {
  const spec = (obj.spec ?? {}) as Json;
  const tspec = at<Json>(spec, 'template', 'spec');
  const errs = [...metadataErrors(obj), ...selectorErrors(obj, old, 'daemonset')];
  // A daemon runs for as long as its node does: only restartPolicy Always, and no deadline.
  errs.push(...podSpecErrors(tspec, 'spec.template.spec', ['Always']));
  if (tspec?.activeDeadlineSeconds !== undefined && tspec.activeDeadlineSeconds !== null) {
    errs.push(fieldErrors.forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in DaemonSet is not Supported'));
  }
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...updateStrategyErrors(spec.updateStrategy as Json | undefined));
  errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

/** labels.FormatLabels: "disktype=ssd,zone=a", sorted by key, or "<none>". */
function formatLabels(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
}

/** The rolling-update budget after defaults: maxUnavailable 1 and maxSurge 0 unless set. */
export function daemonSetRollingUpdate(ds: KubeObject): { maxUnavailable: IntOrString; maxSurge: IntOrString } | undefined {
  const strategy = at<Json>(ds, 'spec', 'updateStrategy');
  if (strategy?.type !== 'RollingUpdate') return undefined;
  const ru = (strategy.rollingUpdate ?? {}) as Json;
  return { maxUnavailable: (ru.maxUnavailable ?? 1) as IntOrString, maxSurge: (ru.maxSurge ?? 0) as IntOrString };
}

export const daemonSet: KindDefinition = {
  kind: 'DaemonSet', group: 'apps', version: 'v1', resource: 'daemonsets', singular: 'daemonset', namespaced: true,
  shortNames: ['ds'], categories: ['all'], subresources: ['status'], model: 'V1DaemonSet',
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Json;
    const strategy = (spec.updateStrategy ??= {}) as Json;
    strategy.type ??= 'RollingUpdate';
    if (strategy.type === 'RollingUpdate') {
      const ru = (strategy.rollingUpdate ??= {}) as Json;
      ru.maxUnavailable ??= 1;
      ru.maxSurge ??= 0;
    }
    spec.revisionHistoryLimit ??= 10;
    const tspec = at<Json>(spec, 'template', 'spec');
    if (tspec) defaultPodSpec(tspec);
  },
  validate: daemonSetErrors,
  columns: [
    nameColumn,
    col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/'),
    col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/'),
    col('Ready', 'integer', 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
    col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
    col('Node Selector', 'string', "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
    ageColumn,
    col('Containers', 'string', 'Names of each container in the template.', 1),
    col('Images', 'string', 'Images referenced by each container in the template.', 1),
    col('Selector', 'string', "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", 1),
  ],
  row(obj, now) {
    const status = (obj.status ?? {}) as Json;
    const n = (k: string) => (status[k] as number | undefined) ?? 0;
    const [containers, images] = containersAndImages(at(obj, 'spec', 'template', 'spec'));
    return [
      obj.metadata.name, n('desiredNumberScheduled'), n('currentNumberScheduled'), n('numberReady'), n('updatedNumberScheduled'), n('numberAvailable'),
      formatLabels(at<Record<string, string>>(obj, 'spec', 'template', 'spec', 'nodeSelector')), age(obj, now),
      containers, images, formatSelectorSpec(at<LabelSelectorSpec>(obj, 'spec', 'selector')),
    ];
  },
};
