/**
 * Small helpers the ReplicaSet and Deployment controllers share: pods from a template
 * (pkg/controller/controller_utils.go GetPodFromTemplate), readiness and availability
 * (pkg/api/v1/pod/util.go IsPodAvailable), and the pod-template-hash (controller_utils.go ComputeHash).
 */
import { rfc3339 } from '../clock';
import type { KubeObject, OwnerReference } from '../store';

type Json = Record<string, any>;

export const PodTemplateHashLabel = 'pod-template-hash';

export function isPodActive(pod: KubeObject): boolean {
  const phase = (pod.status as Json | undefined)?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

function readyCondition(pod: KubeObject): { status: string; lastTransitionTime?: string } | undefined {
  return ((pod.status as Json | undefined)?.conditions ?? []).find((c: Json) => c.type === 'Ready');
}

export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** Ready for at least minReadySeconds (IsPodAvailable). */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  const c = readyCondition(pod);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  return !!c.lastTransitionTime && Date.parse(c.lastTransitionTime) + minReadySeconds * 1000 <= now;
}

/** The controller owner reference upstream controllers set on what they create. */
export function controllerRef(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion ?? '', kind: owner.kind ?? '', name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  return (obj.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid);
}

export function hasController(obj: KubeObject): boolean {
  return (obj.metadata.ownerReferences ?? []).some((r) => r.controller);
}

/** GetPodFromTemplate: labels, annotations and spec of the template, owned by `owner`, named <owner>-<5 random>. */
export function podFromTemplate(template: Json, owner: KubeObject): KubeObject {
  const meta = (template.metadata ?? {}) as Json;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      labels: { ...(meta.labels ?? {}) },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ownerReferences: [controllerRef(owner)],
    },
    spec: JSON.parse(JSON.stringify(template.spec ?? {})),
  };
}

/** FNV-1a, 32 bits (hash/fnv New32a). */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(text, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** k8s.io/apimachinery/pkg/util/rand SafeEncodeString: no vowels, no look-alike digits. */
const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
export function safeEncode(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => SAFE_ALPHANUMS[b % SAFE_ALPHANUMS.length]).join('');
}

/**
 * JSON with sorted keys and without null fields, so neither key order nor a Go client's zero
 * values (`creationTimestamp: null`, as `kubectl rollout undo` sends) change the result.
 */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().filter((k) => (v as Json)[k] !== undefined && (v as Json)[k] !== null).map((k) => `${JSON.stringify(k)}:${canonical((v as Json)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

/**
 * ComputeHash: FNV-32a of the template (plus collisionCount when set), printed in decimal and
 * safe-encoded. Upstream hashes a spew dump of the Go struct; the kit hashes sorted JSON, so the
 * value has the same shape (e.g. "7c5ddbdf54") but not the same digits as a real cluster's.
 */
export function podTemplateHash(template: Json, collisionCount?: number): string {
  let text = canonical(template);
  if (collisionCount !== undefined) text += String(collisionCount);
  return safeEncode(String(fnv32a(text)));
}

/** The template without the pod-template-hash label, for EqualIgnoreHash. */
export function templateWithoutHash(template: Json): string {
  const t = JSON.parse(JSON.stringify(template ?? {})) as Json;
  if (t.metadata?.labels) delete t.metadata.labels[PodTemplateHashLabel];
  return canonical(t);
}

export function setCondition(conditions: Json[], type: string, status: string, reason: string, message: string, now: number): Json[] {
  const old = conditions.find((c) => c.type === type);
  const t = rfc3339(now);
  const same = old && old.status === status && old.reason === reason && old.message === message;
  const c = { type, status, lastUpdateTime: same ? old.lastUpdateTime : t, lastTransitionTime: old && old.status === status ? old.lastTransitionTime : t, reason, message };
  return [...conditions.filter((x) => x.type !== type), c];
}
