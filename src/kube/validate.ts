/**
 * Client-side validation with the embedded cluster's own kind rules (src/cluster/kinds: the
 * defaults and validation ported from pkg/apis/<group>/validation), so a manifest is checked before
 * any cluster runs, with the messages and field paths the API server answers with.
 */
import crypto from 'node:crypto';
import { ManualClock } from '../cluster/clock';
import { apiVersionOf, defaultKinds, qualifiedKind, type KindRegistry } from '../cluster/kinds';
import { invalid, type KubeObject } from '../cluster/store';
import { parseManifests } from './objects';

export interface ManifestValidation {
  valid: boolean;
  /** "job.batch/pi"-style reference, as kubectl prints it. */
  ref: string;
  /** One line per problem: `spec.template.spec.restartPolicy: Unsupported value: "Always": …`. */
  errors: string[];
  /** The API server's whole message (`Job.batch "pi" is invalid: …`), or undefined when valid. */
  message?: string;
}

let registry: KindRegistry | undefined;

/**
 * Validates one object (or each document of a YAML text) as the API server would on create.
 * Unknown fields are not reported here: the server warns about them on apply.
 */
export function validateManifest(manifest: object | string): ManifestValidation[] {
  const list = typeof manifest === 'string' ? parseManifests(manifest) : [manifest];
  return list.map((m) => validateOne(structuredClone(m) as KubeObject));
}

function validateOne(obj: KubeObject): ManifestValidation {
  registry ??= defaultKinds();
  const name = obj.metadata?.name ?? obj.metadata?.generateName ?? '';
  const def = registry.get(obj.kind ?? '');
  const ref = `${String(obj.kind ?? '').toLowerCase()}${def?.group ? `.${def.group}` : ''}/${name}`;
  if (!def || apiVersionOf(def) !== obj.apiVersion) {
    // What kubectl says when discovery does not know the kind (the embedded cluster serves these kinds).
    const message = `no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`;
    return { valid: false, ref, errors: [message], message };
  }
  obj.metadata ??= {};
  // Validation runs after BeforeCreate set the uid (a Job's generated selector uses it) and the name.
  obj.metadata.uid ??= crypto.randomUUID();
  if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = `${obj.metadata.generateName}xxxxx`;
  // BeforeCreate also gives the uid, which a Job's generated selector is made of.
  obj.metadata.uid ||= crypto.randomUUID();
  if (def.namespaced) obj.metadata.namespace ||= 'default';
  def.defaults?.(obj, { clock: new ManualClock(Date.now()) });
  const errs = def.validate?.(obj) ?? [];
  if (!errs.length) return { valid: true, ref, errors: [] };
  return { valid: false, ref, errors: errs.map((e) => `${e.field}: ${e.detail}`), message: invalid(qualifiedKind(def), name, errs).message };
}
