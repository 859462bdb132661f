/** Small core/v1 kinds: Namespace, Node, ConfigMap, Secret, ServiceAccount. */
import { fieldErrors, type KubeObject } from '../store';
import { metadataErrors } from './meta';
import { age, at, ageColumn, col, nameColumn } from './printing';
import type { KindDefinition } from './registry';

export const namespace: KindDefinition = {
  kind: 'Namespace', group: '', version: 'v1', resource: 'namespaces', singular: 'namespace', namespaced: false,
  shortNames: ['ns'], subresources: ['status'], model: 'V1Namespace', fieldSelectors: ['status.phase'],
  defaults(obj) {
    obj.spec ??= { finalizers: ['kubernetes'] };
    obj.status ??= { phase: 'Active' };
    // namespace strategy: every namespace carries its own name as a label (1.22+).
    obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name ?? '' };
  },
  validate: (obj) => metadataErrors(obj, 'label'),
  columns: [nameColumn, col('Status', 'string', 'The status of the namespace'), ageColumn],
  row: (obj, now) => [obj.metadata.name, at(obj, 'status', 'phase') ?? 'Active', age(obj, now)],
};

function nodeStatus(obj: KubeObject): string {
  const ready = (at<Array<{ type: string; status: string }>>(obj, 'status', 'conditions') ?? []).find((c) => c.type === 'Ready');
  let s = ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown';
  if (at(obj, 'spec', 'unschedulable')) s += ',SchedulingDisabled';
  return s;
}

function nodeRoles(obj: KubeObject): string {
  const roles = Object.keys(obj.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .filter((r) => r !== '');
  return roles.length ? roles.sort().join(',') : '<none>';
}

export const node: KindDefinition = {
  kind: 'Node', group: '', version: 'v1', resource: 'nodes', singular: 'node', namespaced: false,
  shortNames: ['no'], subresources: ['status'], model: 'V1Node', fieldSelectors: ['spec.unschedulable'],
  validate: (obj) => metadataErrors(obj),
  columns: [
    nameColumn,
    col('Status', 'string', 'The status of the node'),
    col('Roles', 'string', 'The roles of the node'),
    ageColumn,
    col('Version', 'string', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'string', 'List of addresses reachable to the node.', 1),
    col('External-IP', 'string', 'List of addresses reachable to the node.', 1),
    col('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
    col('Kernel-Version', 'string', 'Kernel Version reported by the node.', 1),
    col('Container-Runtime', 'string', 'Container Runtime Version reported by the node.', 1),
  ],
  row(obj, now) {
    const addr = (t: string) => (at<Array<{ type: string; address: string }>>(obj, 'status', 'addresses') ?? []).find((a) => a.type === t)?.address ?? '<none>';
    return [
      obj.metadata.name, nodeStatus(obj), nodeRoles(obj), age(obj, now), at(obj, 'status', 'nodeInfo', 'kubeletVersion') ?? '',
      addr('InternalIP'), addr('ExternalIP'), at(obj, 'status', 'nodeInfo', 'osImage') ?? '<unknown>',
      at(obj, 'status', 'nodeInfo', 'kernelVersion') ?? '<unknown>', at(obj, 'status', 'nodeInfo', 'containerRuntimeVersion') ?? '<unknown>',
    ];
  },
};

export const configMap: KindDefinition = {
  kind: 'ConfigMap', group: '', version: 'v1', resource: 'configmaps', singular: 'configmap', namespaced: true,
  shortNames: ['cm'], model: 'V1ConfigMap',
  validate: (obj) => metadataErrors(obj),
  columns: [nameColumn, col('Data', 'string', 'Data contains the configuration data.'), ageColumn],
  row: (obj, now) => [obj.metadata.name, Object.keys({ ...(obj.data as object), ...(obj.binaryData as object) }).length, age(obj, now)],
};

export const secret: KindDefinition = {
  kind: 'Secret', group: '', version: 'v1', resource: 'secrets', singular: 'secret', namespaced: true,
  model: 'V1Secret', fieldSelectors: ['type'],
  defaults(obj) {
    obj.type ??= 'Opaque';
    // stringData is write-only: it is merged into data, base64-encoded (secret strategy).
    const sd = obj.stringData as Record<string, string> | undefined;
    if (sd) {
      const data = (obj.data ??= {}) as Record<string, string>;
      for (const [k, v] of Object.entries(sd)) data[k] = Buffer.from(String(v)).toString('base64');
      delete obj.stringData;
    }
  },
  validate(obj) {
    const errs = metadataErrors(obj);
    for (const [k, v] of Object.entries((obj.data as Record<string, unknown>) ?? {})) {
      if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) errs.push(fieldErrors.invalid(`data[${k}]`, '<secret contents redacted>', 'illegal base64 data'));
    }
    return errs;
  },
  columns: [nameColumn, col('Type', 'string', 'The type of the secret'), col('Data', 'string', 'The number of data items'), ageColumn],
  row: (obj, now) => [obj.metadata.name, obj.type, Object.keys((obj.data as object) ?? {}).length, age(obj, now)],
};

export const serviceAccount: KindDefinition = {
  kind: 'ServiceAccount', group: '', version: 'v1', resource: 'serviceaccounts', singular: 'serviceaccount', namespaced: true,
  shortNames: ['sa'], model: 'V1ServiceAccount',
  validate: (obj) => metadataErrors(obj),
  columns: [nameColumn, col('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that the service account can use.'), ageColumn],
  row: (obj, now) => [obj.metadata.name, ((obj.secrets as unknown[]) ?? []).length, age(obj, now)],
};

export function requiredErrors(obj: KubeObject, field: string): ReturnType<typeof metadataErrors> {
  return at(obj, ...field.split('.')) === undefined ? [fieldErrors.required(field)] : [];
}
