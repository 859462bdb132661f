/**
 * A container's environment as the kubelet builds it (pkg/kubelet/kubelet_pods.go,
 * makeEnvironmentVariables): envFrom, then env (value, or valueFrom fieldRef / configMapKeyRef /
 * secretKeyRef), with $(VAR) references expanded (third_party/forked/golang/expansion), plus the
 * kubernetes service variables.
 */
import type { ClusterApi } from '../apiserver/api';
import type { KubeObject } from '../store';

type Json = Record<string, any>;

/** A missing ConfigMap/Secret or key: the container waits with CreateContainerConfigError. */
export class ContainerConfigError extends Error {}

/** The `kubernetes` Service the kit pretends to run (kubelet adds it to every container). */
export const KUBERNETES_SERVICE_HOST = '10.96.0.1';
export const KUBERNETES_SERVICE_PORT = '443';

/** expansion.go: $(VAR) is replaced when VAR is known, $$ escapes, unknown references stay as written. */
export function expand(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return name !== undefined && Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : m;
  });
}

/** fieldRef paths the downward API supports for env (pkg/api/v1/pod/util.go, podFieldSelectorRuntimeValue). */
function fieldValue(pod: KubeObject, path: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return ((pod.metadata as Json)[m[1]] ?? {})[m[2]] ?? '';
  const spec = (pod.spec ?? {}) as Json;
  const status = (pod.status ?? {}) as Json;
  switch (path) {
    case 'metadata.name': return pod.metadata.name ?? '';
    case 'metadata.namespace': return pod.metadata.namespace ?? '';
    case 'metadata.uid': return pod.metadata.uid ?? '';
    case 'spec.nodeName': return spec.nodeName ?? '';
    case 'spec.serviceAccountName': return spec.serviceAccountName ?? '';
    case 'status.podIP': return status.podIP ?? '';
    case 'status.hostIP': return status.hostIP ?? '';
    case 'metadata.labels': return Object.entries(pod.metadata.labels ?? {}).map(([k, v]) => `${k}="${v}"`).join('\n');
    case 'metadata.annotations': return Object.entries(pod.metadata.annotations ?? {}).map(([k, v]) => `${k}="${v}"`).join('\n');
    default: throw new ContainerConfigError(`unsupported fieldRef ${path}`);
  }
}

function sourceData(api: ClusterApi, kind: 'ConfigMap' | 'Secret', namespace: string, name: string, optional: boolean): Record<string, string> | undefined {
  const obj = api.tryGet(kind, namespace, name) as Json | undefined;
  if (!obj) {
    if (optional) return undefined;
    throw new ContainerConfigError(`${kind === 'ConfigMap' ? 'configmap' : 'secret'} "${name}" not found`);
  }
  if (kind === 'ConfigMap') return { ...(obj.data ?? {}) };
  const decoded: Record<string, string> = {};
  for (const [k, v] of Object.entries((obj.data ?? {}) as Record<string, string>)) decoded[k] = Buffer.from(v, 'base64').toString('utf8');
  return { ...decoded, ...(obj.stringData ?? {}) };
}

/** The environment of one container of `pod` (already bound and with its podIP). */
export function containerEnv(api: ClusterApi, pod: KubeObject, container: Json): Record<string, string> {
  const ns = pod.metadata.namespace ?? 'default';
  const env: Record<string, string> = {};
  for (const from of (container.envFrom ?? []) as Json[]) {
    const ref = from.configMapRef ?? from.secretRef;
    const data = sourceData(api, from.configMapRef ? 'ConfigMap' : 'Secret', ns, ref.name, !!ref.optional);
    for (const [k, v] of Object.entries(data ?? {})) env[`${from.prefix ?? ''}${k}`] = v;
  }
  for (const e of (container.env ?? []) as Json[]) {
    if (e.valueFrom === undefined) {
      env[e.name] = expand(String(e.value ?? ''), env);
      continue;
    }
    const vf = e.valueFrom as Json;
    if (vf.fieldRef) env[e.name] = fieldValue(pod, vf.fieldRef.fieldPath);
    else if (vf.configMapKeyRef || vf.secretKeyRef) {
      const ref = vf.configMapKeyRef ?? vf.secretKeyRef;
      const kind = vf.configMapKeyRef ? 'ConfigMap' : 'Secret';
      const data = sourceData(api, kind, ns, ref.name, !!ref.optional);
      if (data && !(ref.key in data)) {
        if (ref.optional) continue;
        throw new ContainerConfigError(`couldn't find key ${ref.key} in ${kind} ${ns}/${ref.name}`);
      }
      if (data) env[e.name] = data[ref.key];
    } else if (vf.resourceFieldRef) {
      // Limits are not enforced; report what the spec asks for (0 when unset, as for no limit on a node we do not size).
      const [kind, res] = String(vf.resourceFieldRef.resource).split('.');
      env[e.name] = String(container.resources?.[kind]?.[res] ?? '0');
    }
  }
  // enableServiceLinks adds the docker-link variables of every service; the kit adds the one it always has.
  return { KUBERNETES_SERVICE_HOST, KUBERNETES_SERVICE_PORT, KUBERNETES_SERVICE_PORT_HTTPS: KUBERNETES_SERVICE_PORT, ...env };
}

/** The pod's hostname: spec.hostname or the pod name, truncated to 63 characters (kubelet_pods.go GeneratePodHostNameAndDomain). */
export function podHostname(pod: KubeObject): string {
  const spec = (pod.spec ?? {}) as Json;
  return String(spec.hostname || pod.metadata.name || '').slice(0, 63).replace(/[-.]+$/, '');
}
