/** core/v1 Pod: defaults (core/v1/defaults.go), validation (core/validation) and `kubectl get pods` columns. */
import { fieldErrors, type FieldError, type KubeObject } from '../store';
import { dns1123LabelErrors, metadataErrors } from './meta';
import { age, at, ageColumn, col, nameColumn, since } from './printing';
import type { KindDefinition } from './registry';

type Json = Record<string, unknown>;

function imageTag(image: string): string | undefined {
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (image.includes('@')) return 'digest';
  return colon < 0 ? undefined : image.slice(colon + 1);
}

/** SetDefaults_PodSpec and SetDefaults_Container, for pods and for pod templates. */
export function defaultPodSpec(spec: Json): void {
  spec.restartPolicy ??= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  spec.enableServiceLinks ??= true;
  if (spec.serviceAccountName === undefined && spec.serviceAccount === undefined) spec.serviceAccountName = 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  spec.serviceAccountName ??= spec.serviceAccount;
  for (const list of ['containers', 'initContainers']) {
    for (const c of (spec[list] as Json[] | undefined) ?? []) {
      if (typeof c !== 'object' || c === null) continue;
      // SetDefaults_Container: ":latest" or no tag pulls Always.
      const image = typeof c.image === 'string' ? c.image : '';
      const tag = imageTag(image);
      c.imagePullPolicy ??= tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
      c.terminationMessagePath ??= '/dev/termination-log';
      c.terminationMessagePolicy ??= 'File';
      c.resources ??= {};
      for (const p of (c.ports as Json[] | undefined) ?? []) p.protocol ??= 'TCP';
    }
  }
}

/** The parts of ValidatePodSpec learners trip over, with upstream field paths and messages. */
export function podSpecErrors(spec: Json | undefined, path: string, allowedRestart: string[] = ['Always', 'OnFailure', 'Never']): FieldError[] {
  const errs: FieldError[] = [];
  if (!spec || typeof spec !== 'object') return [fieldErrors.required(path)];
  const containers = spec.containers as Json[] | undefined;
  if (!Array.isArray(containers) || containers.length === 0) errs.push(fieldErrors.required(`${path}.containers`));
  const names = new Set<string>();
  for (const [list, items] of [['initContainers', spec.initContainers], ['containers', containers]] as const) {
    ((items as Json[] | undefined) ?? []).forEach((c, i) => {
      const p = `${path}.${list}[${i}]`;
      if (typeof c.name !== 'string' || c.name === '') errs.push(fieldErrors.required(`${p}.name`));
      else {
        errs.push(...dns1123LabelErrors(`${p}.name`, c.name));
        if (names.has(c.name)) errs.push(fieldErrors.duplicate(`${p}.name`, c.name));
        names.add(c.name);
      }
      if (typeof c.image !== 'string' || c.image.trim() === '') errs.push(fieldErrors.required(`${p}.image`));
      const pull = c.imagePullPolicy;
      if (pull !== undefined && !['Always', 'IfNotPresent', 'Never'].includes(pull as string)) {
        errs.push(fieldErrors.notSupported(`${p}.imagePullPolicy`, pull, ['Always', 'IfNotPresent', 'Never']));
      }
    });
  }
  const rp = spec.restartPolicy;
  if (rp !== undefined && !allowedRestart.includes(rp as string)) errs.push(fieldErrors.notSupported(`${path}.restartPolicy`, rp, allowedRestart));
  return errs;
}

/** GetPodQOS (pkg/apis/core/helper/qos): Guaranteed, Burstable or BestEffort from requests and limits. */
export function qosClass(spec: Json): string {
  const cs = [...((spec.initContainers as Json[]) ?? []), ...((spec.containers as Json[]) ?? [])];
  let any = false;
  let guaranteed = cs.length > 0;
  for (const c of cs) {
    const req = (at<Record<string, unknown>>(c, 'resources', 'requests') ?? {}) as Record<string, unknown>;
    const lim = (at<Record<string, unknown>>(c, 'resources', 'limits') ?? {}) as Record<string, unknown>;
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r]))) guaranteed = false;
    }
  }
  return !any ? 'BestEffort' : guaranteed ? 'Guaranteed' : 'Burstable';
}

export interface ContainerStatus {
  name: string;
  ready?: boolean;
  restartCount?: number;
  state?: { waiting?: { reason?: string }; running?: { startedAt?: string }; terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string } };
  lastState?: { terminated?: { finishedAt?: string } };
}

/** printPod's STATUS: the phase, unless a container's waiting/terminated reason says more. */
export function podStatusReason(pod: KubeObject): string {
  let reason = (at<string>(pod, 'status', 'reason') || at<string>(pod, 'status', 'phase')) ?? '';
  const initStatuses = at<ContainerStatus[]>(pod, 'status', 'initContainerStatuses') ?? [];
  const initCount = (at<unknown[]>(pod, 'spec', 'initContainers') ?? []).length;
  let initializing = false;
  initStatuses.forEach((c, i) => {
    if (initializing) return;
    const t = c.state?.terminated;
    if (t && t.exitCode === 0) return;
    initializing = true;
    if (t) reason = t.reason ? `Init:${t.reason}` : t.signal ? `Init:Signal:${t.signal}` : `Init:ExitCode:${t.exitCode}`;
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${initCount}`;
  });
  if (!initializing) {
    let hasRunning = false;
    const statuses = at<ContainerStatus[]>(pod, 'status', 'containerStatuses') ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      const w = c.state?.waiting?.reason;
      const t = c.state?.terminated;
      if (w) reason = w;
      else if (t?.reason) reason = t.reason;
      else if (t) reason = t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`;
      else if (c.ready && c.state?.running) hasRunning = true;
    }
    // a pod whose containers are still running after one completed shows Running (or NotReady).
    if (reason === 'Completed' && hasRunning) {
      const ready = (at<Array<{ type: string; status: string }>>(pod, 'status', 'conditions') ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
      reason = ready ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp) reason = 'Terminating';
  return reason;
}

function podRow(pod: KubeObject, now: number): unknown[] {
  const statuses = at<ContainerStatus[]>(pod, 'status', 'containerStatuses') ?? [];
  const total = (at<unknown[]>(pod, 'spec', 'containers') ?? []).length;
  const ready = statuses.filter((c) => c.ready).length;
  let restarts = 0;
  let lastRestart: string | undefined;
  for (const c of statuses) {
    restarts += c.restartCount ?? 0;
    const finished = c.lastState?.terminated?.finishedAt;
    if (finished && (!lastRestart || finished > lastRestart)) lastRestart = finished;
  }
  const restartCell = restarts > 0 && lastRestart ? `${restarts} (${since(lastRestart, now)} ago)` : String(restarts);
  const podIPs = at<Array<{ ip: string }>>(pod, 'status', 'podIPs');
  return [
    pod.metadata.name,
    `${ready}/${total}`,
    podStatusReason(pod),
    restartCell,
    age(pod, now),
    podIPs?.[0]?.ip ?? at<string>(pod, 'status', 'podIP') ?? '<none>',
    at<string>(pod, 'spec', 'nodeName') || '<none>',
    at<string>(pod, 'status', 'nominatedNodeName') || '<none>',
    '<none>',
  ];
}

/**
 * strategy.go CheckGracefulDelete: the grace period asked for, else spec.terminationGracePeriodSeconds;
 * 0 (delete at once) for a pod not bound to a node or already Succeeded/Failed, as no kubelet has
 * anything to stop. The kubelet sends SIGTERM, waits this long, then SIGKILL, and deletes the pod.
 */
export function podGracePeriod(pod: KubeObject, requested: number | undefined): number {
  let period = requested ?? at<number>(pod, 'spec', 'terminationGracePeriodSeconds') ?? 0;
  const phase = at<string>(pod, 'status', 'phase');
  if (!at<string>(pod, 'spec', 'nodeName') || phase === 'Succeeded' || phase === 'Failed') period = 0;
  return period < 0 ? 1 : period;
}

export const pod: KindDefinition = {
  kind: 'Pod', group: '', version: 'v1', resource: 'pods', singular: 'pod', namespaced: true,
  shortNames: ['po'], categories: ['all'], subresources: ['status', 'log'], model: 'V1Pod',
  fieldSelectors: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  defaults(obj) {
    obj.spec ??= {};
    defaultPodSpec(obj.spec as Json);
    obj.status ??= { phase: 'Pending', qosClass: qosClass(obj.spec as Json) };
  },
  validate(obj, old) {
    const errs = [...metadataErrors(obj), ...podSpecErrors(obj.spec as Json, 'spec')];
    if (old) {
      // ValidatePodUpdate: only images, activeDeadlineSeconds, tolerations (and the binding's nodeName) may change.
      const mutable = (s: unknown, bindable: boolean) => JSON.stringify({
        ...(s as Json),
        containers: ((s as Json)?.containers as Json[] | undefined)?.map((c) => ({ ...c, image: '' })),
        activeDeadlineSeconds: 0, tolerations: 0, nodeName: bindable ? '' : (s as Json)?.nodeName,
      });
      const bindable = !at(old, 'spec', 'nodeName');
      if (mutable(obj.spec, bindable) !== mutable(old.spec, bindable)) {
        errs.push(fieldErrors.forbidden('spec', 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'));
      }
    }
    return errs;
  },
  checkGracefulDelete: podGracePeriod,
  columns: [
    nameColumn,
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    ageColumn,
    col('IP', 'string', 'IP address allocated to the pod.', 1),
    col('Node', 'string', 'Name of the Node this pod is assigned to.', 1),
    col('Nominated Node', 'string', 'Name of the node where this pod is nominated to run.', 1),
    col('Readiness Gates', 'string', 'Pod readiness gates.', 1),
  ],
  row: podRow,
};
