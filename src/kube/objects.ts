/**
 * apply / wait / watch / logs on client-node, the same against the embedded cluster or a real one.
 */
import YAML from 'yaml';
import { UserError } from '../cli/errors';
import type { KubeClient } from './client';
import { clientNode } from './load';
import type * as k8s from '@kubernetes/client-node' with { 'resolution-mode': 'import' };

/** The shape every manifest shares. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; namespace?: string; generateName?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  [field: string]: unknown;
}

/** Any object with apiVersion, kind and metadata: a Manifest, or a builder's client-node model. */
export interface ManifestLike {
  apiVersion?: string;
  kind?: string;
  metadata?: object;
}

export interface ApplyResult {
  /** "job.batch/pi" style reference. */
  ref: string;
  action: 'created' | 'configured';
  object: Manifest;
}

/** Parses one or more YAML documents (a manifest file's text); malformed YAML is a UserError. */
export function parseManifests(text: string, source = 'the manifest'): Manifest[] {
  const docs = YAML.parseAllDocuments(text);
  const out: Manifest[] = [];
  for (const d of docs) {
    if (d.errors.length) {
      const e = d.errors[0];
      throw new UserError(`${source} is not valid YAML: ${e.message.split('\n')[0]}`, { hint: 'Check the indentation around that line (spaces, not tabs).' });
    }
    const v = d.toJSON() as Manifest | null;
    if (v === null) continue;
    if (!v.apiVersion || !v.kind) throw new UserError(`${source} has a document without apiVersion and kind`, { hint: 'Every object needs `apiVersion:` and `kind:` at the top.' });
    out.push(v);
  }
  return out;
}

function status(e: unknown): number | undefined {
  return (e as { code?: number }).code;
}

function ref(m: Manifest): string {
  const group = m.apiVersion.includes('/') ? `.${m.apiVersion.split('/')[0]}` : '';
  return `${m.kind.toLowerCase()}${group}/${m.metadata.name}`;
}

/** Creates each object, or patches it (strategic merge) when it exists, as `kubectl apply` does. */
export async function apply(client: KubeClient, manifests: string | ManifestLike | ManifestLike[], namespace = 'default'): Promise<ApplyResult[]> {
  const lib = await clientNode();
  const api = client.objects as k8s.KubernetesObjectApi;
  const list = (typeof manifests === 'string' ? parseManifests(manifests) : Array.isArray(manifests) ? manifests : [manifests]) as Manifest[];
  const results: ApplyResult[] = [];
  for (const m of list) {
    const spec = { ...m, metadata: { ...m.metadata } };
    // Cluster-scoped kinds ignore the namespace; the server drops it.
    spec.metadata.namespace ??= namespace;
    let exists = false;
    if (spec.metadata.name) {
      try {
        await api.read({ apiVersion: spec.apiVersion, kind: spec.kind, metadata: { name: spec.metadata.name, namespace: spec.metadata.namespace } });
        exists = true;
      } catch (e) {
        if (status(e) !== 404) throw e;
      }
    }
    const object = exists
      ? await api.patch(spec, undefined, undefined, 'kit', undefined, lib.PatchStrategy.StrategicMergePatch)
      : await api.create(spec, undefined, undefined, 'kit');
    results.push({ ref: ref(object as Manifest), action: exists ? 'configured' : 'created', object: object as Manifest });
  }
  return results;
}

export interface WatchEvent<T = Manifest> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/** The REST path of a kind's collection, e.g. /apis/batch/v1/namespaces/default/jobs. */
export function collectionPath(apiVersion: string, plural: string, namespace?: string): string {
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return namespace ? `${base}/namespaces/${namespace}/${plural}` : `${base}/${plural}`;
}

/** Watches a collection; returns a stop function. */
export async function watch(
  client: KubeClient,
  path: string,
  query: { labelSelector?: string; fieldSelector?: string; resourceVersion?: string },
  onEvent: (e: WatchEvent) => void,
  onDone: (err?: unknown) => void = () => undefined,
): Promise<() => void> {
  const lib = await clientNode();
  const w = new lib.Watch(client.kc as k8s.KubeConfig);
  const ctl = await w.watch(path, { ...query }, (type, object) => onEvent({ type: type as WatchEvent['type'], object }), (err) => onDone(err ?? undefined));
  return () => ctl.abort();
}

/**
 * Waits until `test` returns true for the object (read first, then watched), or fails after
 * `timeoutMs` of real time with what was last seen.
 */
export async function waitFor(client: KubeClient, m: { apiVersion: string; kind: string; plural: string; name: string; namespace?: string }, test: (obj: Manifest) => boolean, timeoutMs = 60_000): Promise<Manifest> {
  const api = client.objects as k8s.KubernetesObjectApi;
  let last: Manifest | undefined;
  try {
    last = (await api.read({ apiVersion: m.apiVersion, kind: m.kind, metadata: { name: m.name, namespace: m.namespace } })) as Manifest;
    if (test(last)) return last;
  } catch (e) {
    if (status(e) !== 404) throw e;
  }
  return new Promise((resolve, reject) => {
    let stop: (() => void) | undefined;
    const timer = setTimeout(() => {
      stop?.();
      reject(new UserError(`timed out after ${timeoutMs / 1000}s waiting for ${m.kind.toLowerCase()}/${m.name}`, { hint: last ? `Last seen status: ${JSON.stringify(last.status ?? {})}` : 'It was never seen.' }));
    }, timeoutMs);
    void watch(client, collectionPath(m.apiVersion, m.plural, m.namespace), { fieldSelector: `metadata.name=${m.name}`, resourceVersion: (last?.metadata as { resourceVersion?: string } | undefined)?.resourceVersion }, (e) => {
      if (e.type === 'ERROR' || e.type === 'BOOKMARK') return;
      last = e.object;
      if (e.type !== 'DELETED' && test(e.object)) {
        clearTimeout(timer);
        stop?.();
        resolve(e.object);
      }
    }).then((s) => (stop = s), reject);
  });
}

/** True when the object has condition `type` with status True (Job Complete, Deployment Available, …). */
export function hasCondition(obj: Manifest, type: string): boolean {
  const conds = (obj.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? [];
  return conds.some((c) => c.type === type && c.status === 'True');
}

/** A pod's log text (one container; `tailLines` for the end only). */
export async function podLogs(client: KubeClient, namespace: string, pod: string, opts: { container?: string; tailLines?: number; previous?: boolean } = {}): Promise<string> {
  const core = client.core as k8s.CoreV1Api;
  return core.readNamespacedPodLog({ name: pod, namespace, container: opts.container, tailLines: opts.tailLines, previous: opts.previous });
}
