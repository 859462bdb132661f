/**
 * The cluster's object store: what etcd plus the apiserver's generic registry do upstream
 * (k8s.io/apiserver/pkg/registry/generic/registry/store.go, storage/cacher).
 *
 * - Objects are kept in memory by kind and "namespace/name", and never mutated in place:
 *   every write replaces the object, so readers (watchers, lists) can hold on to what they got.
 *   Stored objects are frozen (deepFreeze) to keep it so: watch events, informers and shared
 *   lists hand out the stored object itself, and a reader that tried to change it would throw.
 * - Every write gets the next resourceVersion, a global counter, as etcd's revision.
 * - A write is acknowledged (its promise resolves) only after the durable log has it on disk;
 *   watchers see the change at that moment, in resourceVersion order.
 * - Watches replay a bounded history, so a watcher can resume from a resourceVersion; one older
 *   than the history gets 410 Gone, as from the watch cache.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { Clock } from '../clock';
import { rfc3339 } from '../clock';
import { DurableLog, type LogIO, type LogRecord, type Snapshot } from './durable-log';
import { alreadyExists, ApiError, conflict, gone, invalid, fieldErrors, notFound, OptimisticLockErrorMsg } from './errors';
import { matchFields, matchLabels, type FieldSelector, type LabelSelector } from './selectors';
import type { KindInfoForStore, KubeObject, PropagationPolicy, WatchEvent } from './types';

export interface StoreOptions {
  clock: Clock;
  kinds: KindInfoForStore;
  /** Folder for the durable log and snapshot; omit to keep everything in memory only. */
  dir?: string;
  /** How many changes a watch can resume from (upstream watch cache sizes are similar). */
  historyLimit?: number;
  /** Snapshot and start a fresh log after this many records. */
  compactEvery?: number;
  /** Replaces the log's disk writes (tests simulate a full disk with it). */
  io?: LogIO;
  /** Where repair messages go (a truncated torn tail); console.warn by default. */
  onWarning?: (message: string) => void;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: LabelSelector;
  fieldSelector?: FieldSelector;
}

export interface WatchOptions extends ListOptions {
  /** Resume after this resourceVersion; unset or "0" starts with ADDED events for what exists now. */
  resourceVersion?: string;
}

export interface DeleteOptions {
  propagationPolicy?: PropagationPolicy;
  /** Check everything, delete nothing (dryRun=All). */
  dryRun?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  /** DeleteOptions.gracePeriodSeconds: for kinds deleted gracefully (Pod); 0 with a force delete. */
  gracePeriodSeconds?: number;
}

export interface Watch {
  stop(): void;
}

interface Change {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  kind: string;
  object: KubeObject;
  /** The object before this change (for selector transitions). */
  prev?: KubeObject;
  rv: number;
}

interface Pending {
  record: LogRecord;
  change: Change;
  prev: KubeObject | undefined;
  resolve: () => void;
  reject: (e: unknown) => void;
}

interface Watcher {
  kind: string;
  opts: WatchOptions;
  onEvent: (e: WatchEvent) => void;
}

/** utilrand.String: lowercase consonants and digits that cannot spell words. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
export function randomSuffix(n = 5): string {
  let s = '';
  for (const b of crypto.randomBytes(n)) s += ALPHANUMS[b % ALPHANUMS.length];
  return s;
}

function clone<T>(o: T): T {
  return o === undefined ? o : (JSON.parse(JSON.stringify(o)) as T);
}

/** Freezes an object and everything in it (a stored object is shared, never changed). */
export function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ak = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const bk = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Everything but metadata and status: a change here bumps metadata.generation. */
function specPart(o: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
  return rest;
}

export function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export class Store {
  readonly clock: Clock;
  private readonly kinds: KindInfoForStore;
  private readonly data = new Map<string, Map<string, KubeObject>>();
  private readonly byUid = new Map<string, { kind: string; key: string }>();
  /** owner uid → dependent uids, for the garbage collector. */
  private readonly dependentsIndex = new Map<string, Set<string>>();
  private lastRv = 0;
  private durableRv = 0;
  private history: Change[] = [];
  /** The resourceVersion the history starts after: watching from below it is too old. */
  private historyFloor = 0;
  private readonly historyLimit: number;
  private readonly compactEvery: number;
  private readonly watchers = new Set<Watcher>();
  private readonly log: DurableLog | undefined;
  private pending: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private closed = false;
  /** The latest virtual time the durable state was written at (undefined: nothing stored yet). */
  readonly storedTime: number | undefined;

  constructor(opts: StoreOptions) {
    this.clock = opts.clock;
    this.kinds = opts.kinds;
    this.historyLimit = opts.historyLimit ?? 10_000;
    this.compactEvery = opts.compactEvery ?? 20_000;
    if (opts.dir) {
      const { log, replay } = DurableLog.open(opts.dir, opts.io);
      this.log = log;
      for (const w of replay.warnings) (opts.onWarning ?? console.warn)(`kit cluster: ${w}`);
      for (const o of replay.snapshot?.objects ?? []) this.setObject(o.kind, o.key, o.obj as KubeObject);
      this.lastRv = replay.snapshot?.rv ?? 0;
      let t = replay.snapshot?.t;
      for (const r of replay.records) {
        this.setObject(r.kind, r.key, r.op === 'put' ? (r.obj as KubeObject) : undefined);
        this.lastRv = Math.max(this.lastRv, r.rv);
        if (r.t !== undefined) t = Math.max(t ?? r.t, r.t);
      }
      this.storedTime = t;
    }
    this.durableRv = this.historyFloor = this.lastRv;
  }

  /** The folder holding the log, if durable. */
  get stateDir(): string | undefined {
    return this.log?.dir;
  }

  get resourceVersion(): string {
    return String(this.durableRv);
  }

  // ---- reads ----

  /** A copy of the object, or with `shared` the stored (frozen) object itself, to serialise only. */
  get(kind: string, namespace: string | undefined, name: string, { shared = false } = {}): KubeObject {
    const o = this.data.get(kind)?.get(this.keyFor(kind, namespace, name));
    if (!o) throw notFound(this.kinds.qualifiedResource(kind), name);
    return shared ? o : clone(o);
  }

  tryGet(kind: string, namespace: string | undefined, name: string, { shared = false } = {}): KubeObject | undefined {
    const o = this.data.get(kind)?.get(this.keyFor(kind, namespace, name));
    return o && (shared ? o : clone(o));
  }

  /**
   * The objects of a kind that match, in key order (as etcd returns them). Copies, unless
   * `shared`: then the stored (frozen) objects themselves, for readers that only serialise them
   * (the HTTP list) — safe because a write replaces an object and never changes it.
   */
  list(kind: string, opts: ListOptions = {}, { shared = false } = {}): { items: KubeObject[]; resourceVersion: string } {
    const found: Array<[string, KubeObject]> = [];
    for (const entry of this.data.get(kind) ?? []) if (this.matches(entry[1], opts)) found.push(entry);
    found.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const items = found.map(([, o]) => (shared ? o : clone(o)));
    return { items, resourceVersion: this.resourceVersion };
  }

  /** Number of objects of a kind (cheap; for status lines and benchmarks). */
  count(kind: string): number {
    return this.data.get(kind)?.size ?? 0;
  }

  /** The object with this uid (a copy, or with `shared` the frozen stored object). */
  getByUid(uid: string, { shared = false } = {}): { kind: string; object: KubeObject } | undefined {
    const ref = this.byUid.get(uid);
    const o = ref && this.data.get(ref.kind)?.get(ref.key);
    return ref && o ? { kind: ref.kind, object: shared ? o : clone(o) } : undefined;
  }

  /** The uids of the objects whose ownerReferences name this uid (no copies). */
  dependentUidsOf(uid: string): string[] {
    return [...(this.dependentsIndex.get(uid) ?? [])];
  }

  /** Objects whose ownerReferences name this uid. */
  dependentsOf(uid: string, { shared = false } = {}): Array<{ kind: string; object: KubeObject }> {
    const out: Array<{ kind: string; object: KubeObject }> = [];
    for (const d of this.dependentsIndex.get(uid) ?? []) {
      const found = this.getByUid(d, { shared });
      if (found) out.push(found);
    }
    return out;
  }

  // ---- writes ----

  async create(kind: string, input: KubeObject, opts: { uid?: string; dryRun?: boolean } = {}): Promise<KubeObject> {
    const obj = clone(input);
    const meta = (obj.metadata ??= {});
    const namespaced = this.kinds.namespaced(kind);
    if (!namespaced) delete meta.namespace;
    const qualified = this.kinds.qualifiedResource(kind);
    if (!meta.name && meta.generateName) {
      // names.SimpleNameGenerator: base cut to 58 characters + 5 random ones.
      do meta.name = meta.generateName.slice(0, 58) + randomSuffix();
      while (this.data.get(kind)?.has(this.keyFor(kind, meta.namespace, meta.name)));
    }
    if (!meta.name) throw invalid(qualified, '', [fieldErrors.required('metadata.name', 'name or generateName is required')]);
    const key = this.keyFor(kind, meta.namespace, meta.name);
    if (this.data.get(kind)?.has(key)) throw alreadyExists(qualified, meta.name);
    meta.uid = opts.uid ?? crypto.randomUUID();
    meta.creationTimestamp = rfc3339(this.clock.now());
    meta.generation = 1;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (opts.dryRun) return obj;
    return this.write(kind, key, obj, 'ADDED');
  }

  /**
   * Replaces an object. A stale metadata.resourceVersion gets 409 Conflict; none means "last write
   * wins". With subresource "status" only the status changes; otherwise the status is kept, for
   * kinds that have a status subresource. "binding" writes both in one update, as the pod
   * binding does (pkg/registry/core/pod/storage/storage.go assignPod: spec.nodeName and the
   * PodScheduled condition together).
   */
  async update(kind: string, input: KubeObject, opts: { subresource?: 'status' | 'binding'; dryRun?: boolean } = {}): Promise<KubeObject> {
    const qualified = this.kinds.qualifiedResource(kind);
    const name = input.metadata?.name ?? '';
    const key = this.keyFor(kind, input.metadata?.namespace, name);
    const cur = this.data.get(kind)?.get(key);
    if (!cur) throw notFound(qualified, name);
    const rv = input.metadata.resourceVersion;
    if (rv && rv !== cur.metadata.resourceVersion) throw conflict(qualified, name, OptimisticLockErrorMsg);
    if (input.metadata.uid && input.metadata.uid !== cur.metadata.uid) {
      throw conflict(qualified, name, `Precondition failed: UID in precondition: ${input.metadata.uid}, UID in object meta: ${cur.metadata.uid}`);
    }
    let next: KubeObject;
    if (opts.subresource === 'status') {
      next = { ...clone(cur), status: clone(input.status) };
    } else {
      next = clone(input);
      if (this.kinds.hasStatus(kind) && opts.subresource !== 'binding') next.status = clone(cur.status);
      // Fields the server owns cannot be changed by an update.
      const m = cur.metadata;
      next.metadata = { ...next.metadata, name: m.name, uid: m.uid, creationTimestamp: m.creationTimestamp, generation: m.generation };
      if (m.namespace !== undefined) next.metadata.namespace = m.namespace;
      if (m.deletionTimestamp) next.metadata.deletionTimestamp = m.deletionTimestamp;
      else delete next.metadata.deletionTimestamp;
      if (m.deletionGracePeriodSeconds !== undefined) next.metadata.deletionGracePeriodSeconds = m.deletionGracePeriodSeconds;
      else delete next.metadata.deletionGracePeriodSeconds;
      if (!deepEqual(specPart(next), specPart(cur))) next.metadata.generation = (m.generation ?? 0) + 1;
    }
    if (next.status === undefined) delete next.status;
    next.metadata.resourceVersion = cur.metadata.resourceVersion;
    // A no-op update writes nothing, as upstream (GuaranteedUpdate skips unchanged objects).
    if (deepEqual(next, cur)) return clone(cur);
    // dryRun=All: everything above ran (conflicts, generation), nothing is written.
    if (opts.dryRun) return next;
    // ShouldDeleteDuringUpdate: the last finalizer gone, and no graceful deletion still running.
    if (next.metadata.deletionTimestamp && !(next.metadata.finalizers ?? []).length && !next.metadata.deletionGracePeriodSeconds) {
      return this.write(kind, key, undefined, 'DELETED', next);
    }
    return this.write(kind, key, next, 'MODIFIED');
  }

  /**
   * Deletes an object, or marks it (deletionTimestamp) while finalizers remain or while a graceful
   * deletion runs. Foreground and Orphan propagation add the `foregroundDeletion` / `orphan`
   * finalizer that the garbage collector acts on (garbagecollector.go). Kinds with a graceful
   * delete (Pod) get `deletionGracePeriodSeconds` and a deletionTimestamp that far in the future;
   * whoever finishes the deletion (the kubelet) deletes again with grace period 0
   * (registry/store.go Delete, rest/delete.go BeforeDelete). Returns the object and whether it is gone.
   */
  async delete(kind: string, namespace: string | undefined, name: string, opts: DeleteOptions = {}): Promise<{ object: KubeObject; deleted: boolean }> {
    const qualified = this.kinds.qualifiedResource(kind);
    const key = this.keyFor(kind, namespace, name);
    const cur = this.data.get(kind)?.get(key);
    if (!cur) throw notFound(qualified, name);
    const pre = opts.preconditions ?? {};
    if (pre.uid && pre.uid !== cur.metadata.uid) {
      throw conflict(qualified, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${cur.metadata.uid}`);
    }
    if (pre.resourceVersion && pre.resourceVersion !== cur.metadata.resourceVersion) {
      throw conflict(qualified, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.metadata.resourceVersion}`);
    }
    if (opts.dryRun) return { object: clone(cur), deleted: true };
    const m = cur.metadata;
    // BeforeDelete: a negative grace period counts as 1 s.
    const requested = opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds < 0 ? 1 : opts.gracePeriodSeconds;
    let timing: { deletionTimestamp: string; deletionGracePeriodSeconds: number } | undefined;
    if (m.deletionTimestamp && m.deletionGracePeriodSeconds) {
      // A graceful deletion is pending: a client may only shorten it, and cannot change finalizers.
      if (requested === undefined || requested >= m.deletionGracePeriodSeconds) return { object: clone(cur), deleted: false };
      const at = Date.parse(m.deletionTimestamp) + (requested - m.deletionGracePeriodSeconds) * 1000;
      timing = { deletionTimestamp: rfc3339(at), deletionGracePeriodSeconds: requested };
    } else if (!m.deletionTimestamp) {
      const period = this.kinds.gracePeriodSeconds?.(kind, cur, requested);
      if (period) timing = { deletionTimestamp: rfc3339(this.clock.now() + period * 1000), deletionGracePeriodSeconds: period };
    }
    const graceful = !!timing?.deletionGracePeriodSeconds;
    const policy = opts.propagationPolicy ?? this.kinds.defaultPropagation(kind);
    const finalizers = [...(m.finalizers ?? [])];
    const add = policy === 'Foreground' ? 'foregroundDeletion' : policy === 'Orphan' ? 'orphan' : undefined;
    if (add && !finalizers.includes(add)) finalizers.push(add);
    if (!graceful && finalizers.length === 0) {
      const object = await this.write(kind, key, undefined, 'DELETED', clone(cur));
      return { object, deleted: true };
    }
    if (!timing && m.deletionTimestamp && deepEqual(finalizers, m.finalizers ?? [])) return { object: clone(cur), deleted: false };
    const next = clone(cur);
    if (finalizers.length) next.metadata.finalizers = finalizers;
    if (timing) {
      if (!m.deletionTimestamp) next.metadata.generation = (m.generation ?? 0) + 1;
      Object.assign(next.metadata, timing);
    } else {
      next.metadata.deletionTimestamp ??= rfc3339(this.clock.now());
      next.metadata.deletionGracePeriodSeconds ??= 0;
    }
    return { object: await this.write(kind, key, next, 'MODIFIED'), deleted: false };
  }

  // ---- watch ----

  /**
   * Calls onEvent for every change of `kind` ("*" for all kinds) that matches, starting after
   * opts.resourceVersion. Throws 410 Gone if that is older than the history kept.
   */
  watch(kind: string, opts: WatchOptions, onEvent: (e: WatchEvent) => void): Watch {
    const w: Watcher = { kind, opts, onEvent };
    const rvText = opts.resourceVersion;
    if (!rvText || rvText === '0') {
      const kinds = kind === '*' ? [...this.data.keys()] : [kind];
      for (const k of kinds) {
        for (const o of this.data.get(k)?.values() ?? []) if (this.matches(o, opts)) onEvent({ type: 'ADDED', kind: k, object: clone(o) });
      }
    } else {
      const rv = Number(rvText);
      if (!Number.isInteger(rv) || rv < 0) throw new ApiError(400, 'BadRequest', `invalid resource version: ${rvText}`);
      if (rv < this.historyFloor) throw gone(`too old resource version: ${rv} (${this.historyFloor})`);
      for (const c of this.history) if (c.rv > rv) this.deliver(w, c);
    }
    this.watchers.add(w);
    return { stop: () => this.watchers.delete(w) };
  }

  /** Waits for pending writes, writes a snapshot (fast next start) and closes the log. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.flushing) await this.flushing;
    this.watchers.clear();
    if (this.log) {
      try {
        if (this.log.recordsSinceSnapshot > 0) this.log.compact(this.snapshot());
      } catch (e) {
        // The log still holds every acknowledged write; the next start replays it.
        console.warn(`kit cluster: could not write the snapshot on stop (${(e as Error).message}); the log is kept`);
      } finally {
        this.log.close();
      }
    }
  }

  // ---- internals ----

  private keyFor(kind: string, namespace: string | undefined, name: string): string {
    return objectKey(this.kinds.namespaced(kind) ? namespace ?? '' : '', name);
  }

  private matches(o: KubeObject, opts: ListOptions): boolean {
    if (opts.namespace && o.metadata.namespace !== opts.namespace) return false;
    if (opts.labelSelector?.length && !matchLabels(opts.labelSelector, o.metadata.labels)) return false;
    if (opts.fieldSelector?.length && !matchFields(opts.fieldSelector, o)) return false;
    return true;
  }

  /** Replaces (or removes) one object and keeps the uid and owner indexes in step. */
  private setObject(kind: string, key: string, obj: KubeObject | undefined): KubeObject | undefined {
    let byKey = this.data.get(kind);
    if (!byKey) this.data.set(kind, (byKey = new Map()));
    const prev = byKey.get(key);
    if (prev) {
      this.byUid.delete(prev.metadata.uid ?? '');
      for (const ref of prev.metadata.ownerReferences ?? []) {
        const set = this.dependentsIndex.get(ref.uid);
        set?.delete(prev.metadata.uid ?? '');
        if (set?.size === 0) this.dependentsIndex.delete(ref.uid);
      }
    }
    if (obj) {
      byKey.set(key, deepFreeze(obj));
      const uid = obj.metadata.uid ?? '';
      this.byUid.set(uid, { kind, key });
      for (const ref of obj.metadata.ownerReferences ?? []) {
        let set = this.dependentsIndex.get(ref.uid);
        if (!set) this.dependentsIndex.set(ref.uid, (set = new Set()));
        set.add(uid);
      }
    } else {
      byKey.delete(key);
    }
    return prev;
  }

  /** Applies a change in memory, logs it, and resolves when it is durable (then watchers see it). */
  private write(kind: string, key: string, next: KubeObject | undefined, type: Change['type'], deletedObject?: KubeObject): Promise<KubeObject> {
    if (this.closed) return Promise.reject(new ApiError(503, 'ServiceUnavailable', 'the cluster is shutting down'));
    const rv = ++this.lastRv;
    const shown = next ?? deletedObject!;
    shown.metadata.resourceVersion = String(rv);
    const prev = this.setObject(kind, key, next);
    const change: Change = { type, kind, object: deepFreeze(shown), prev, rv };
    const t = this.clock.now();
    const record: LogRecord = next ? { rv, op: 'put', kind, key, obj: next, t } : { rv, op: 'delete', kind, key, t };
    if (!this.log) {
      this.durableRv = rv;
      this.publish(change);
      return Promise.resolve(clone(shown));
    }
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ record, change, prev, resolve, reject });
      this.startFlush();
    }).then(() => clone(shown));
  }

  /**
   * Starts a flush unless one runs. A write queued after the running flush saw an empty queue but
   * before it settled would otherwise wait for some later write: re-check the queue when it settles.
   */
  private startFlush(): void {
    if (this.flushing) return;
    const running = this.flush();
    this.flushing = running;
    void running.finally(() => {
      if (this.flushing === running) this.flushing = undefined;
      if (this.pending.length) this.startFlush();
    });
  }

  /** Group commit: everything queued while a sync runs goes into the next append. */
  private async flush(): Promise<void> {
    const log = this.log!;
    while (this.pending.length) {
      const batch = this.pending.splice(0);
      try {
        await log.append(batch.map((p) => p.record));
      } catch (e) {
        // Undo the failed batch and everything queued after it (built on top of it), newest first.
        const failed = batch.concat(this.pending.splice(0));
        for (const p of [...failed].reverse()) this.setObject(p.change.kind, p.record.key, p.prev);
        const err = diskError(e, log.logFile);
        for (const p of failed) p.reject(err);
        continue;
      }
      for (const p of batch) {
        this.durableRv = p.change.rv;
        this.publish(p.change);
        p.resolve();
      }
      if (log.recordsSinceSnapshot >= this.compactEvery) {
        try {
          log.compact(this.snapshot());
        } catch (e) {
          // Compaction is an optimisation; the log still has everything.
          console.warn(`kit cluster: compaction failed (${(e as Error).message}); the log keeps growing until it works`);
        }
      }
    }
  }

  /** The durable state: memory minus writes still waiting for their sync. */
  private snapshot(): Snapshot {
    const undo = new Map<string, KubeObject | undefined>();
    for (const p of [...this.pending].reverse()) undo.set(`${p.change.kind}\u0000${p.record.key}`, p.prev);
    const objects: Snapshot['objects'] = [];
    const seen = new Set<string>();
    for (const [kind, byKey] of this.data) {
      for (const [key, obj] of byKey) {
        const id = `${kind}\u0000${key}`;
        seen.add(id);
        const o = undo.has(id) ? undo.get(id) : obj;
        if (o) objects.push({ kind, key, obj: o });
      }
    }
    for (const [id, o] of undo) {
      if (seen.has(id) || !o) continue;
      const [kind, key] = id.split('\u0000');
      objects.push({ kind, key, obj: o });
    }
    return { rv: this.durableRv, t: this.clock.now(), objects };
  }

  private publish(c: Change): void {
    this.history.push(c);
    if (this.history.length > this.historyLimit * 1.25) {
      const drop = this.history.length - this.historyLimit;
      this.historyFloor = this.history[drop - 1].rv;
      this.history = this.history.slice(drop);
    }
    for (const w of this.watchers) this.deliver(w, c);
  }

  /** Sends a change to a watcher, turning selector transitions into ADDED/DELETED as the cacher does. */
  private deliver(w: Watcher, c: Change): void {
    if (w.kind !== '*' && w.kind !== c.kind) return;
    const now = this.matches(c.object, w.opts);
    const before = c.prev !== undefined && c.type !== 'ADDED' && this.matches(c.prev, w.opts);
    let type: WatchEvent['type'] | undefined;
    if (c.type === 'DELETED') type = before || now ? 'DELETED' : undefined;
    else if (c.type === 'ADDED') type = now ? 'ADDED' : undefined;
    else type = now && before ? 'MODIFIED' : now ? 'ADDED' : before ? 'DELETED' : undefined;
    if (!type) return;
    try {
      w.onEvent({ type, kind: c.kind, object: c.object });
    } catch (e) {
      console.warn(`kit cluster: a watcher failed: ${(e as Error).message}`);
    }
  }
}

/** A failed log write becomes a 500 that says what happened (ENOSPC: the disk is full). */
function diskError(e: unknown, file: string): ApiError {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOSPC'
      ? `the disk is full: cannot write the cluster log ${file} (ENOSPC); free some disk space and retry`
      : `cannot write the cluster log ${file} (${code ?? (e as Error).message})`;
  return new ApiError(500, 'InternalError', `Internal error occurred: ${why}`, { causes: [{ reason: 'StorageError', message: why }] });
}

export function clusterStateDir(home: string): string {
  return path.join(home, 'cluster');
}
