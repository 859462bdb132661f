/**
 * The three patch types kubectl sends (apiserver/pkg/endpoints/handlers/patch.go):
 * - JSON patch (RFC 6902), applied with fast-json-patch;
 * - JSON merge patch (RFC 7386): maps merge, null deletes, lists are replaced;
 * - strategic merge patch (apimachinery/pkg/util/strategicpatch): like merge patch, but lists
 *   with a patch merge key (containers by name, env by name, …) merge item by item, and
 *   `$patch`, `$retainKeys`, `$setElementOrder/…`, `$deleteFromPrimitiveList/…` directives apply.
 */
import { applyPatch, type Operation } from 'fast-json-patch';
import { ApiError } from '../store';

type Json = Record<string, unknown>;

export type PatchType = 'json' | 'merge' | 'strategic';

export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
};

function isMap(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export function applyPatchOfType(type: PatchType, original: Json, patch: unknown): Json {
  switch (type) {
    case 'json': {
      if (!Array.isArray(patch)) throw new ApiError(400, 'BadRequest', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
      try {
        return applyPatch(clone(original), patch as Operation[], true, false).newDocument;
      } catch (e) {
        // patch.go: a patch that does not apply is NewGenericServerResponse(422) with the library's error as the cause.
        const index = (e as { index?: number }).index;
        const cause = index === undefined ? (e as Error).message.split('\n')[0] : jsonPatchError(original, patch as Operation[], index);
        throw new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', { name: '', group: '', kind: '', causes: [{ reason: 'UnexpectedServerResponse', message: cause }] });
      }
    }
    case 'merge':
      return mergePatch(original, patch) as Json;
    case 'strategic':
      if (!isMap(patch)) throw new ApiError(400, 'BadRequest', 'strategic merge patch must be a JSON object');
      return (strategicMerge(original, patch, []) ?? {}) as Json;
  }
}

/** RFC 7386 MergePatch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return clone(patch);
  const result: Json = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete result[k];
    else result[k] = mergePatch(result[k], v);
  }
  return result;
}

/** patchMergeKey tags from k8s.io/api types.go, by field name (and parent where the name is shared). */
export function mergeKeyFor(path: string[]): string | undefined {
  const field = path[path.length - 1];
  const parent = path[path.length - 2];
  switch (field) {
    case 'containers': case 'initContainers': case 'ephemeralContainers': case 'env': case 'volumes':
    case 'imagePullSecrets': case 'resourceClaims': case 'secrets':
      return 'name';
    case 'volumeMounts': return 'mountPath';
    case 'volumeDevices': return 'devicePath';
    case 'ownerReferences': return 'uid';
    case 'conditions': return 'type';
    case 'hostAliases': return 'ip';
    case 'topologySpreadConstraints': return 'topologyKey';
    // ContainerPort merges by containerPort; ServicePort by port.
    case 'ports': return parent === 'containers' || parent === 'initContainers' || parent === 'ephemeralContainers' ? 'containerPort' : 'port';
    default: return undefined;
  }
}

/** Lists of scalars with patchStrategy "merge" (union instead of replace). */
const PRIMITIVE_MERGE_LISTS = new Set(['finalizers']);

export function strategicMerge(original: unknown, patch: Json, path: string[]): unknown {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return clone(rest);
  }
  const result: Json = isMap(original) ? { ...original } : {};
  const orders: Array<[string, unknown[]]> = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue;
    if (key.startsWith('$setElementOrder/')) {
      orders.push([key.slice('$setElementOrder/'.length), value as unknown[]]);
      continue;
    }
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const drop = new Set((value as unknown[]).map((v) => JSON.stringify(v)));
      if (Array.isArray(result[field])) result[field] = (result[field] as unknown[]).filter((v) => !drop.has(JSON.stringify(v)));
      continue;
    }
    if (value === null) delete result[key];
    else if (Array.isArray(value)) result[key] = mergeList(result[key], value, [...path, key]);
    else if (isMap(value)) {
      const merged = strategicMerge(result[key], value, [...path, key]);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else result[key] = value;
  }
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys as string[]);
    for (const k of Object.keys(result)) if (!keep.has(k)) delete result[k];
  }
  for (const [field, order] of orders) result[field] = reorder(result[field], order, mergeKeyFor([...path, field]));
  return result;
}

function mergeList(original: unknown, patch: unknown[], path: string[]): unknown[] {
  const key = mergeKeyFor(path);
  const orig = Array.isArray(original) ? original : [];
  if (patch.some((p) => isMap(p) && p.$patch === 'replace')) {
    return clone(patch.filter((p) => !(isMap(p) && p.$patch === 'replace')));
  }
  if (!key) {
    if (PRIMITIVE_MERGE_LISTS.has(path[path.length - 1])) {
      const out = [...orig];
      for (const p of patch) if (!out.some((o) => JSON.stringify(o) === JSON.stringify(p))) out.push(p);
      return out;
    }
    return clone(patch);
  }
  const out = [...orig];
  for (const item of patch) {
    if (!isMap(item)) continue;
    const idx = out.findIndex((o) => isMap(o) && o[key] === item[key]);
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) out[idx] = strategicMerge(out[idx], item, path);
    else out.push(strategicMerge(undefined, item, path));
  }
  return out;
}

/** $setElementOrder: the patch's order first, then items the patch did not mention. */
function reorder(list: unknown, order: unknown[], key: string | undefined): unknown {
  if (!Array.isArray(list)) return list;
  const id = (v: unknown) => (key && isMap(v) ? JSON.stringify(v[key]) : JSON.stringify(v));
  const rank = new Map(order.map((o, i) => [id(o), i]));
  return [...list].sort((a, b) => (rank.get(id(a)) ?? Infinity) - (rank.get(id(b)) ?? Infinity));
}

/**
 * evanphx/json-patch v4's error for the operation that did not apply (the apiserver's library;
 * fast-json-patch only says "Cannot perform the operation at a path that does not exist").
 */
function jsonPatchError(original: Json, ops: Operation[], index: number): string {
  const doc = applyPatch(clone(original), ops.slice(0, index), false, false).newDocument as unknown;
  const op = ops[index];
  const parts = op.path.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const key = parts.pop() ?? '';
  let parent: unknown = doc;
  for (const p of parts) parent = parent && typeof parent === 'object' ? (parent as Record<string, unknown>)[p] : undefined;
  const found = parent !== null && typeof parent === 'object';
  const has = found && (Array.isArray(parent) ? /^\d+$/.test(key) && Number(key) < parent.length : Object.prototype.hasOwnProperty.call(parent, key));
  switch (op.op) {
    case 'remove':
      if (!found) return `remove operation does not apply: doc is missing path: "${op.path}": missing value`;
      if (Array.isArray(parent)) return `error in remove for path: '${op.path}': Unable to access invalid index: ${key}: invalid index referenced`;
      return `error in remove for path: '${op.path}': Unable to remove nonexistent key: ${key}: missing value`;
    case 'replace':
      return found && !has ? `replace operation does not apply: doc is missing key: ${op.path}: missing value` : `replace operation does not apply: doc is missing path: ${op.path}: missing value`;
    case 'add':
      return `add operation does not apply: doc is missing path: "${op.path}": missing value`;
    case 'test':
      return `testing value ${op.path} failed: test failed`;
    default:
      return `${op.op} operation does not apply: doc is missing from path: "${'from' in op ? op.from : op.path}": missing value`;
  }
}
