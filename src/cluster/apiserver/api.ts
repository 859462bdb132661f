/**
 * ClusterApi: the API server's logic without HTTP. The HTTP handler calls it for kubectl and
 * client-node; controllers call it in-process, so their writes get the same defaults,
 * validation, conflicts and watch events as a user's (upstream controllers also write through
 * the API server).
 */
import crypto from 'node:crypto';
import type { Clock } from '../clock';
import { rfc3339 } from '../clock';
import { apiVersionOf, qualifiedKind, type KindDefinition, type KindRegistry } from '../kinds/registry';
import {
  ApiError, badRequest, invalid, isApiError, notFound, parseFieldSelector, parseLabelSelector,
  randomSuffix, type DeleteOptions, type KubeObject, type LabelSelector, type Store, type Watch, type WatchEvent,
} from '../store';
import { applyPatchOfType, type PatchType } from './patch';
import type { LogSink } from './log-sink';
import type { SchemaChecker } from './schema';

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

export interface WriteOptions {
  /** How unknown fields are treated (the fieldValidation query parameter); Warn by default. */
  fieldValidation?: FieldValidation;
  subresource?: 'status';
  /** dryRun=All: validate and answer as if written, write nothing (kubectl diff, --dry-run=server). */
  dryRun?: boolean;
}

export interface WriteResult {
  object: KubeObject;
  /** Messages for the HTTP Warning header (e.g. `unknown field "spec.foo"`). */
  warnings: string[];
}

export interface SelectorOptions {
  namespace?: string;
  labelSelector?: string | LabelSelector;
  fieldSelector?: string;
}

export interface EventSource {
  component: string;
  host?: string;
}

export class ClusterApi {
  readonly store: Store;
  readonly kinds: KindRegistry;
  readonly clock: Clock;
  readonly logs: LogSink;
  private readonly schema: SchemaChecker | undefined;
  /** Event aggregation: same object, reason and message → count++ on one Event (events_cache.go). */
  private readonly eventNames = new Map<string, string>();
  private lastEventNanos = 0n;

  constructor(opts: { store: Store; kinds: KindRegistry; clock: Clock; logs: LogSink; schema?: SchemaChecker }) {
    this.store = opts.store;
    this.kinds = opts.kinds;
    this.clock = opts.clock;
    this.logs = opts.logs;
    this.schema = opts.schema;
  }

  kind(kind: string): KindDefinition {
    const d = this.kinds.get(kind);
    if (!d) throw new ApiError(404, 'NotFound', `the server could not find the requested resource (kind ${kind})`);
    return d;
  }

  // ---- reads ----

  /** A copy, to change and write back; `shared` returns the frozen stored object (to serialise only). */
  get(kind: string, namespace: string | undefined, name: string, { shared = false } = {}): KubeObject {
    this.kind(kind);
    return this.store.get(kind, namespace, name, { shared });
  }

  tryGet(kind: string, namespace: string | undefined, name: string, { shared = false } = {}): KubeObject | undefined {
    return this.store.tryGet(kind, namespace, name, { shared });
  }

  /** Copies, to change and write back; `shared` returns the frozen stored objects (to serialise only). */
  list(kind: string, opts: SelectorOptions = {}, { shared = false } = {}): { items: KubeObject[]; resourceVersion: string } {
    return this.store.list(kind, this.selectors(kind, opts), { shared });
  }

  watch(kind: string, opts: SelectorOptions & { resourceVersion?: string }, onEvent: (e: WatchEvent) => void): Watch {
    return this.store.watch(kind, { ...this.selectors(kind, opts), resourceVersion: opts.resourceVersion }, onEvent);
  }

  private selectors(kind: string, opts: SelectorOptions) {
    const def = this.kind(kind);
    return {
      namespace: opts.namespace,
      labelSelector: typeof opts.labelSelector === 'string' ? parseLabelSelector(opts.labelSelector) : opts.labelSelector,
      fieldSelector: parseFieldSelector(opts.fieldSelector, def.fieldSelectors ?? []),
    };
  }

  // ---- writes ----

  /** Creates an object; kind and apiVersion come from the object, the namespace from it or `namespace`. */
  async create(input: KubeObject, opts: WriteOptions & { namespace?: string } = {}): Promise<WriteResult> {
    const def = this.kindOf(input);
    const obj = this.decode(def, input, opts.fieldValidation);
    const meta = (obj.object.metadata ??= {});
    if (def.namespaced) {
      if (opts.namespace && meta.namespace && meta.namespace !== opts.namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      meta.namespace = meta.namespace || opts.namespace || 'default';
      if (!this.store.tryGet('Namespace', undefined, meta.namespace)) throw notFound('namespaces', meta.namespace);
    } else delete meta.namespace;
    // BeforeCreate fills the uid and the generated name before the strategy and validation run.
    const uid = crypto.randomUUID();
    meta.uid = uid;
    // PrepareForCreate: a client cannot create an object with a status; the defaults set the first one.
    if (this.kinds.hasStatus(def.kind)) delete obj.object.status;
    const generate = !meta.name && !!meta.generateName;
    for (let attempt = 0; ; attempt++) {
      if (generate) meta.name = meta.generateName!.slice(0, 58) + randomSuffix();
      def.defaults?.(obj.object, { clock: this.clock });
      const errs = def.validate?.(obj.object) ?? [];
      if (errs.length) throw invalid(qualifiedKind(def), meta.name ?? meta.generateName ?? '', errs);
      try {
        const created = await this.store.create(def.kind, obj.object, { uid, dryRun: opts.dryRun });
        return { object: created, warnings: obj.warnings };
      } catch (e) {
        // RetryGenerateName (1.31+): a generated name that is taken is tried again.
        if (!(generate && isApiError(e) && e.reason === 'AlreadyExists' && attempt < 7)) throw e;
      }
    }
  }

  /** Replaces an object (PUT). With subresource "status" only the status is written. */
  async update(input: KubeObject, opts: WriteOptions = {}): Promise<WriteResult> {
    const def = this.kindOf(input);
    const { object, warnings } = this.decode(def, input, opts.fieldValidation);
    const meta = object.metadata ?? {};
    const old = this.store.get(def.kind, meta.namespace, meta.name ?? '');
    if (opts.subresource !== 'status') {
      meta.uid ??= old.metadata.uid;
      def.defaults?.(object, { clock: this.clock });
      const errs = def.validate?.(object, old) ?? [];
      if (errs.length) throw invalid(qualifiedKind(def), meta.name ?? '', errs);
    }
    const updated = await this.store.update(def.kind, object, { subresource: opts.subresource, dryRun: opts.dryRun });
    return { object: updated, warnings };
  }

  /** Status writes, as controllers make them (PUT .../status). */
  async updateStatus(input: KubeObject): Promise<KubeObject> {
    return (await this.update(input, { subresource: 'status' })).object;
  }

  /** PATCH: applies the patch to the current object and updates; retries on a concurrent write. */
  async patch(kind: string, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts: WriteOptions = {}): Promise<WriteResult> {
    const def = this.kind(kind);
    for (let attempt = 0; ; attempt++) {
      const cur = this.store.get(kind, namespace, name);
      const patched = applyPatchOfType(type, cur, patch) as KubeObject;
      // a merge patch of `null` replaces the whole object (RFC 7386); the decoder finds no kind in it.
      if (!patched || typeof patched !== 'object' || Array.isArray(patched)) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(patched)}'`);
      // A patch that names a resourceVersion is a precondition; otherwise it applies to the latest.
      const named = (patch as { metadata?: { resourceVersion?: string } })?.metadata?.resourceVersion;
      patched.metadata = { ...(patched.metadata ?? {}), resourceVersion: named ?? cur.metadata.resourceVersion };
      patched.apiVersion = apiVersionOf(def);
      patched.kind = def.kind;
      if (patched.metadata.name !== name) throw badRequest(`the name of the object (${String(patched.metadata.name)}) does not match the name on the URL (${name})`);
      try {
        return await this.update(patched, opts);
      } catch (e) {
        if (isApiError(e) && e.reason === 'Conflict' && !named && attempt < 5) continue;
        throw e;
      }
    }
  }

  async delete(kind: string, namespace: string | undefined, name: string, opts: DeleteOptions = {}): Promise<{ object: KubeObject; deleted: boolean }> {
    this.kind(kind);
    const result = await this.store.delete(kind, namespace, name, opts);
    if (result.deleted && kind === 'Pod' && !opts.dryRun) this.logs.removePod(namespace ?? '', name);
    return result;
  }

  /** Removes one finalizer (controllers use it when their cleanup is done). */
  async removeFinalizer(kind: string, namespace: string | undefined, name: string, finalizer: string): Promise<void> {
    // Read shared (no copy): the store copies what it is given to write.
    const cur = this.store.tryGet(kind, namespace, name, { shared: true });
    if (!cur || !(cur.metadata.finalizers ?? []).includes(finalizer)) return;
    const { finalizers, ...meta } = cur.metadata;
    const left = finalizers!.filter((f) => f !== finalizer);
    // Go omits an empty list (omitempty), so the last finalizer takes the field with it.
    await this.store.update(kind, { ...cur, metadata: left.length ? { ...meta, finalizers: left } : meta });
  }

  // ---- events ----

  /**
   * Records a core/v1 Event about an object, as client-go's EventRecorder does; a repeat of the
   * same reason and message bumps `count` and `lastTimestamp` instead of creating a new Event.
   */
  /**
   * The next event name stamp, for a caller that records an event once a write it just made is
   * durable: the event then sorts before what others did on seeing that write (Scheduled, Pulling).
   */
  reserveEventStamp(): bigint {
    const nanos = BigInt(Math.floor(this.clock.now())) * 1_000_000n;
    this.lastEventNanos = nanos > this.lastEventNanos ? nanos : this.lastEventNanos + 1n;
    return this.lastEventNanos;
  }

  async recordEvent(involved: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource, stamp?: bigint): Promise<void> {
    const def = this.kinds.get(involved.kind ?? '');
    const namespace = involved.metadata.namespace || 'default';
    const now = this.clock.now();
    const key = [involved.metadata.uid, type, reason, message, source.component].join('\u0000');
    try {
      const existingName = this.eventNames.get(key);
      const existing = existingName && this.store.tryGet('Event', namespace, existingName);
      if (existing) {
        existing.count = ((existing.count as number) ?? 1) + 1;
        existing.lastTimestamp = rfc3339(now);
        await this.store.update('Event', existing);
        return;
      }
      // event.go: "<object name>.<unix nanos in hex>". The clock has milliseconds; the nanos count up
      // within one, so names sort in the order events happened (kubectl describe keeps that order
      // for events of the same second: Scheduled before Pulling).
      const name = `${involved.metadata.name}.${(stamp ?? this.reserveEventStamp()).toString(16)}`;
      this.eventNames.set(key, name);
      await this.store.create('Event', {
        apiVersion: 'v1', kind: 'Event',
        metadata: { name, namespace },
        involvedObject: {
          kind: involved.kind, namespace: involved.metadata.namespace, name: involved.metadata.name,
          uid: involved.metadata.uid, apiVersion: involved.apiVersion ?? (def ? apiVersionOf(def) : undefined),
          resourceVersion: involved.metadata.resourceVersion,
        },
        reason, message, type, count: 1,
        source,
        firstTimestamp: rfc3339(now), lastTimestamp: rfc3339(now),
        eventTime: null, reportingComponent: source.component, reportingInstance: source.host ?? '',
      });
    } catch (e) {
      // Losing an event must not fail the controller that records it (as client-go drops them).
      if (!isApiError(e)) throw e;
    }
  }

  // ---- helpers ----

  kindOf(obj: KubeObject): KindDefinition {
    if (!obj || typeof obj !== 'object') throw badRequest('Object \'Kind\' is missing in the request body');
    if (!obj.kind) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(obj).slice(0, 200)}'`);
    const def = this.kinds.get(obj.kind);
    if (!def || (obj.apiVersion && apiVersionOf(def) !== obj.apiVersion)) {
      throw new ApiError(400, 'BadRequest', `no kind "${obj.kind}" is registered for version "${obj.apiVersion ?? ''}" in scheme "pkg/api/legacyscheme/scheme.go:30"`);
    }
    return def;
  }

  /** Copies the input, drops unknown fields and turns them into warnings or a 400 (fieldValidation). */
  private decode(def: KindDefinition, input: KubeObject, mode: FieldValidation = 'Warn'): { object: KubeObject; warnings: string[] } {
    const object = JSON.parse(JSON.stringify(input)) as KubeObject;
    object.apiVersion = apiVersionOf(def);
    object.kind = def.kind;
    object.metadata ??= {};
    const cannotHandle = `${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}`;
    // The decoder fails on a value of the wrong JSON type before any validation (a 400, never a 500).
    const mismatch = this.schema?.typeMismatch(def.model, object);
    if (mismatch) throw badRequest(`${cannotHandle}: ${mismatch.message}`);
    const unknown = this.schema?.prune(def.model, object) ?? [];
    // ObjectMeta's lists are omitempty: an empty one is not stored (nor shown by `-o yaml`).
    for (const f of ['finalizers', 'ownerReferences', 'managedFields'] as const) if (Array.isArray(object.metadata[f]) && !object.metadata[f]!.length) delete object.metadata[f];
    if (unknown.length && mode === 'Strict') {
      throw badRequest(`${cannotHandle}: strict decoding error: ${unknown.map((u) => `unknown field "${u}"`).join(', ')}`);
    }
    return { object, warnings: mode === 'Ignore' ? [] : unknown.map((u) => `unknown field "${u}"`) };
  }
}

