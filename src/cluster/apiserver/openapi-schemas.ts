/**
 * OpenAPI v3 component schemas for `kubectl explain`, built from @kubernetes/client-node's
 * generated models (their attribute maps give the field types, their .d.ts comments the upstream
 * field descriptions). kubectl explain finds a kind by `x-kubernetes-group-version-kind` and walks
 * `properties`, following `allOf: [{$ref}]` as upstream's spec writes nested types
 * (staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { KindDefinition } from '../kinds/registry';

interface Attribute {
  baseName: string;
  type: string;
  format?: string;
}
type Model = { getAttributeTypeMap?: () => Attribute[] };
type Models = Record<string, Model | undefined>;
type Schema = Record<string, unknown>;

let models: Promise<Models> | undefined;
const descriptions = new Map<string, { model?: string; fields: Map<string, string> }>();

/** The client-node model of a kind (core Event is CoreV1Event; the others V1<Kind>). */
function modelOf(d: KindDefinition, all: Models): string | undefined {
  const v = d.version.charAt(0).toUpperCase() + d.version.slice(1);
  return [`${v}${d.kind}`, `Core${v}${d.kind}`].find((n) => all[n]?.getAttributeTypeMap);
}

/** The JSDoc comments of a model's .d.ts: the class description and one per field. */
function docsOf(model: string): { model?: string; fields: Map<string, string> } {
  let found = descriptions.get(model);
  if (found) return found;
  found = { fields: new Map() };
  try {
    const file = path.join(path.dirname(require.resolve('@kubernetes/client-node')), 'gen', 'models', `${model}.d.ts`);
    const text = fs.readFileSync(file, 'utf8');
    const clean = (c: string) => c.split('\n').map((l) => l.replace(/^\s*\*\s?/, '').trim()).join(' ').trim().replace(/\\(['"])/g, '$1');
    const cls = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export declare class/.exec(text);
    if (cls) found.model = clean(cls[1]);
    for (const m of text.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*'([^']+)'\??:/g)) found.fields.set(m[2], clean(m[1]));
  } catch {
    // No .d.ts (a trimmed install): the schema still has the fields and types.
  }
  descriptions.set(model, found);
  return found;
}

/** The schema's name: kubectl prints the part after the last dot (V1JobSpec → kit.v1.JobSpec → <JobSpec>). */
function schemaName(model: string): string {
  const m = /^[A-Z]?[a-z]*(V\d+(?:(?:alpha|beta)\d+)?)([A-Z]\w*)$/.exec(model);
  return m ? `io.k8s.kit.${m[1].toLowerCase()}.${m[2]}` : `io.k8s.kit.${model}`;
}

function fieldSchema(type: string, format: string | undefined, refs: Set<string>, all: Models): Schema {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return { type: 'array', items: fieldSchema(array[1], undefined, refs, all) };
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return { type: 'object', additionalProperties: fieldSchema(map[1], undefined, refs, all) };
  if (type === 'string') return { type: 'string', ...(format ? { format } : {}) };
  if (type === 'boolean') return { type: 'boolean' };
  if (type === 'number') return format === 'int32' || format === 'int64' ? { type: 'integer', format } : { type: 'number', format: 'double' };
  if (type === 'Date') return { type: 'string', format: 'date-time' };
  if (type === 'IntOrString') return { 'x-kubernetes-int-or-string': true };
  if (all[type]?.getAttributeTypeMap) {
    refs.add(type);
    return { allOf: [{ $ref: `#/components/schemas/${schemaName(type)}` }] };
  }
  return { type: 'object' };
}

function modelSchema(model: string, refs: Set<string>, all: Models): Schema {
  const docs = docsOf(model);
  const properties: Record<string, Schema> = {};
  for (const a of all[model]!.getAttributeTypeMap!()) {
    const s = fieldSchema(a.type, a.format, refs, all);
    const description = docs.fields.get(a.baseName);
    properties[a.baseName] = { ...(description ? { description } : {}), ...s, ...(s.allOf ? { default: {} } : {}) };
  }
  return { type: 'object', ...(docs.model ? { description: docs.model } : {}), properties };
}

/** components.schemas for a group version's kinds and every type they reach. */
export async function openApiV3Schemas(defs: KindDefinition[]): Promise<Record<string, Schema>> {
  const all = await (models ??= import('@kubernetes/client-node') as unknown as Promise<Models>);
  const schemas: Record<string, Schema> = {};
  const refs = new Set<string>();
  for (const d of defs) {
    const model = modelOf(d, all);
    if (!model) continue;
    schemas[schemaName(model)] = { ...modelSchema(model, refs, all), 'x-kubernetes-group-version-kind': [{ group: d.group, version: d.version, kind: d.kind }] };
  }
  for (const model of refs) schemas[schemaName(model)] ??= modelSchema(model, refs, all);
  return schemas;
}
