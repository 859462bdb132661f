/**
 * Reads the Kubernetes protobuf encoding that kubectl's typed generators send (`kubectl create
 * configmap|secret|deployment|job …`; client-go gives their clients Content-Type
 * application/vnd.kubernetes.protobuf and, in 1.32, falls back to JSON on a 415 only for CBOR).
 *
 * The body is the magic "k8s\0" and a runtime.Unknown (runtime/serializer/protobuf/protobuf.go):
 * typeMeta names the kind, raw holds the object encoded with k8s.io/api's generated.proto. The
 * schema comes as descriptors (vendor/k8s-api-proto, extracted from kubectl) and the decoding is
 * @bufbuild/protobuf's. The object is turned into the JSON the API server would have read:
 * - Go marshals every non-pointer field, zero or not, where JSON leaves zeros out (omitempty). So
 *   "", 0 and false are dropped, as unset, except in the pointer fields listed in KEEP_ZERO where a
 *   zero is a choice (`replicas: 0`, `backoffLimit: 0`); a zero Time is dropped too;
 * - metav1.Time → RFC 3339, resource.Quantity → its string, intstr.IntOrString → number or string,
 *   runtime.RawExtension → its JSON, bytes (Secret data) → base64, int64 → number.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createFileRegistry, fromBinary, isFieldSet, type DescField, type DescMessage, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { kitRoot } from '../../env/paths';
import { ApiError, type KubeObject } from '../store';

type Json = Record<string, unknown>;
type Message = Record<string, unknown>;

const MAGIC = Buffer.from('k8s\u0000', 'latin1');
const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
/** time.Time{}.Unix(): Go's zero time, which a Time that was never set may marshal to. */
const GO_ZERO_TIME_SECONDS = -62135596800n;
/** Pointer fields (*int32, *int64, *bool in k8s.io/api types.go) of these kinds whose zero means something. */
const KEEP_ZERO = new Set([
  'replicas', 'revisionHistoryLimit', 'progressDeadlineSeconds', 'parallelism', 'completions', 'backoffLimit',
  'backoffLimitPerIndex', 'maxFailedIndexes', 'ttlSecondsAfterFinished', 'startingDeadlineSeconds',
  'successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'terminationGracePeriodSeconds', 'suspend',
  'automountServiceAccountToken', 'immutable', 'runAsUser', 'runAsGroup', 'runAsNonRoot', 'fsGroup', 'privileged',
  'allowPrivilegeEscalation', 'readOnlyRootFilesystem', 'defaultMode', 'optional', 'shareProcessNamespace',
]);

export const ProtobufContentType = 'application/vnd.kubernetes.protobuf';

let registry: FileRegistry | undefined;
function schema(): FileRegistry {
  registry ??= createFileRegistry(fromBinary(FileDescriptorSetSchema, fs.readFileSync(path.join(kitRoot, 'vendor', 'k8s-api-proto', 'descriptors.binpb'))));
  return registry;
}

/** "v1" → k8s.io.api.core.v1, "apps/v1" → k8s.io.api.apps.v1 (the go_package of each generated.proto). */
function protoPackage(apiVersion: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['core', apiVersion];
  return `k8s.io.api.${group}.${version}`;
}

function unsupported(why: string): ApiError {
  return new ApiError(415, 'UnsupportedMediaType',
    `the kit cluster cannot read this protobuf request (${why}); ` +
    'generate the manifest and apply it instead: add `--dry-run=client -o yaml | kubectl apply -f -` to the command');
}

/** Decodes a protobuf request body into the object as JSON would have carried it. */
export function decodeProtobufObject(body: Buffer): KubeObject {
  if (!body.subarray(0, 4).equals(MAGIC)) throw unsupported('no "k8s" envelope');
  const reg = schema();
  const unknown = fromBinary(reg.getMessage('k8s.io.apimachinery.pkg.runtime.Unknown')!, body.subarray(4)) as Message;
  const typeMeta = (unknown.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  if (unknown.contentEncoding) throw unsupported(`content encoding ${String(unknown.contentEncoding)}`);
  const apiVersion = typeMeta.apiVersion ?? '';
  const kind = typeMeta.kind ?? '';
  const desc = reg.getMessage(`${protoPackage(apiVersion)}.${kind}`);
  if (!desc) throw unsupported(`no protobuf schema for ${kind} ${apiVersion}`);
  const object = messageToJson(desc, fromBinary(desc, unknown.raw as Uint8Array) as Message) as Json;
  return { apiVersion, kind, ...object } as KubeObject;
}

function messageToJson(desc: DescMessage, msg: Message): unknown {
  switch (desc.typeName) {
    case `${META}.Time`:
    case `${META}.MicroTime`: {
      const seconds = BigInt((msg.seconds as bigint | undefined) ?? 0n);
      if (seconds === GO_ZERO_TIME_SECONDS || (seconds === 0n && !msg.nanos)) return undefined;
      const iso = new Date(Number(seconds) * 1000 + Math.floor(Number(msg.nanos ?? 0) / 1e6)).toISOString();
      return desc.name === 'Time' ? iso.replace(/\.\d{3}Z$/, 'Z') : iso.replace(/Z$/, '000Z');
    }
    case 'k8s.io.apimachinery.pkg.api.resource.Quantity':
      return msg.string;
    case 'k8s.io.apimachinery.pkg.util.intstr.IntOrString':
      return Number(msg.type ?? 0) === 1 ? msg.strVal : msg.intVal;
    case 'k8s.io.apimachinery.pkg.runtime.RawExtension': {
      const raw = msg.raw as Uint8Array | undefined;
      return raw?.length ? JSON.parse(Buffer.from(raw).toString('utf8')) : undefined;
    }
  }
  const out: Json = {};
  for (const f of desc.fields) {
    if (!isFieldSet(msg as never, f)) continue;
    const v = fieldToJson(f, msg[f.localName]);
    if (v === undefined || ((v === 0 || v === false) && !KEEP_ZERO.has(f.name))) continue;
    out[f.name] = v;
  }
  return out;
}

function scalarToJson(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  return v === '' ? undefined : v;
}

function fieldToJson(f: DescField, v: unknown): unknown {
  switch (f.fieldKind) {
    case 'message':
      return messageToJson(f.message, v as Message);
    case 'list':
      return (v as unknown[]).map((item) => (f.listKind === 'message' ? messageToJson(f.message, item as Message) : scalarToJson(item) ?? ''));
    case 'map':
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, item]) => [
        k, f.mapKind === 'message' ? messageToJson(f.message, item as Message) : scalarToJson(item) ?? '',
      ]));
    default:
      return scalarToJson(v);
  }
}
