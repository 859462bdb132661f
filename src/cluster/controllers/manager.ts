/**
 * The controller manager (kube-controller-manager): runs controllers, each a loop over a work
 * queue fed by watch events, as client-go informers + workqueue do. A controller says which
 * kinds it watches and how an event maps to the keys it reconciles (a Pod event → its Job's
 * key); `reconcile(key)` then reads the current state and acts on the difference.
 *
 * Every kind a controller watches goes through one shared informer (informer.ts), so a change
 * is seen once however many controllers watch it, and controllers read many objects from its
 * cache (`ctx.informers`) rather than listing the store.
 */
import type { Clock } from '../clock';
import type { ClusterApi } from '../apiserver/api';
import { isApiError, type KubeObject, type WatchEvent } from '../store';
import { SharedInformerFactory } from './informer';
import { WorkQueue } from './workqueue';

/**
 * A worker yields to the event loop when it has kept it this long: reconciles that write
 * nothing never wait on I/O, and HTTP requests and watch streams must not wait behind them.
 */
const YIELD_AFTER_MS = 5;

export interface ControllerContext {
  api: ClusterApi;
  /** Shared caches of every watched kind (frozen objects: read, never change). */
  informers: SharedInformerFactory;
  clock: Clock;
  /** Records an Event with this controller as the source component. */
  /** `stamp`: a name stamp reserved earlier (api.reserveEventStamp), so the event sorts at that moment. */
  recordEvent(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, stamp?: bigint): Promise<void>;
  /**
   * Runs `work` without holding up this worker (a goroutine upstream), e.g. the scheduler's
   * binding cycle. `idle()` waits for it; an error is logged.
   */
  go(work: () => Promise<unknown>): void;
  /** Queues a key of this controller (e.g. from a timer of its own). */
  enqueue(key: string, afterMs?: number): void;
  /** Aborted when the manager stops. */
  signal: AbortSignal;
}

/** void: done. requeueAfter: reconcile this key again after that much virtual time. */
export type ReconcileResult = void | { requeueAfter?: number };

export interface WatchSpec {
  /** A kind ("Pod"), or "*" for every kind. */
  kind: string;
  /** The keys an event should reconcile; default: the object's own key. */
  keys?(event: WatchEvent): string[];
}

export interface Controller {
  /** Upstream-style name, also the Event source ("job-controller"). */
  name: string;
  watches: WatchSpec[];
  /** Parallel workers (upstream --concurrent-*-syncs); 1 by default. */
  workers?: number;
  reconcile(key: string, ctx: ControllerContext): Promise<ReconcileResult>;
  /** Runs once before the first reconcile (e.g. to add event handlers to an informer, as the scheduler does). */
  setup?(ctx: ControllerContext): void;
}

/** "namespace/name", or "name" for cluster-scoped objects (cache.MetaNamespaceKeyFunc). */
export function keyOf(obj: KubeObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name ?? '';
}

export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: undefined, name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** The key of the object's controller owner of `kind` (a Pod's Job, a ReplicaSet's Deployment). */
export function controllerOwnerKeys(obj: KubeObject, kind: string): string[] {
  const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.controller && r.kind === kind);
  return ref ? [obj.metadata.namespace ? `${obj.metadata.namespace}/${ref.name}` : ref.name] : [];
}

interface Running {
  controller: Controller;
  queue: WorkQueue;
  /** Stops the controller's event handlers. */
  unwatch: Array<() => void>;
  workers: Promise<void>[];
}

export class ControllerManager {
  readonly informers: SharedInformerFactory;
  private readonly running: Running[] = [];
  private readonly abort = new AbortController();
  private lastYield = performance.now();
  /** Work started with ctx.go that has not settled yet. */
  private readonly background = new Set<Promise<unknown>>();

  constructor(private readonly api: ClusterApi) {
    this.informers = new SharedInformerFactory(api.store);
  }

  /** Starts a controller: it first sees every existing object as ADDED, then live changes. */
  add(controller: Controller): void {
    const queue = new WorkQueue(this.api.clock);
    const ctx: ControllerContext = {
      api: this.api,
      informers: this.informers,
      clock: this.api.clock,
      recordEvent: (obj, type, reason, message, stamp) => this.api.recordEvent(obj, type, reason, message, { component: controller.name }, stamp),
      go: (work) => {
        const p = work().catch((e: unknown) => console.warn(`kit cluster: ${controller.name}: ${(e as Error).message}`));
        this.background.add(p);
        void p.finally(() => this.background.delete(p));
      },
      enqueue: (key, afterMs) => (afterMs ? queue.addAfter(key, afterMs) : queue.add(key)),
      signal: this.abort.signal,
    };
    controller.setup?.(ctx);
    const unwatch = controller.watches.map((spec) => {
      const onEvent = (e: WatchEvent) => {
        for (const key of spec.keys ? spec.keys(e) : [keyOf(e.object)]) queue.add(key);
      };
      if (spec.kind !== '*') return this.informers.informer(spec.kind).addEventHandler(onEvent);
      const w = this.api.store.watch('*', {}, onEvent);
      return () => w.stop();
    });
    const workers = Array.from({ length: controller.workers ?? 1 }, () => this.work(controller, queue, ctx));
    this.running.push({ controller, queue, unwatch, workers });
  }

  private async work(controller: Controller, queue: WorkQueue, ctx: ControllerContext): Promise<void> {
    for (;;) {
      if (performance.now() - this.lastYield > YIELD_AFTER_MS) {
        await new Promise((r) => setImmediate(r));
        this.lastYield = performance.now();
      }
      const key = await queue.get();
      if (key === undefined) return;
      try {
        const result = await controller.reconcile(key, ctx);
        queue.forget(key);
        if (result && result.requeueAfter !== undefined) queue.addAfter(key, result.requeueAfter);
      } catch (e) {
        // A conflict means someone wrote first: read again and retry, as upstream controllers do.
        if (!(isApiError(e) && (e.reason === 'Conflict' || e.reason === 'NotFound'))) {
          console.warn(`kit cluster: ${controller.name}: ${key}: ${(e as Error).message}`);
        }
        queue.addRateLimited(key);
      } finally {
        queue.done(key);
      }
    }
  }

  names(): string[] {
    return this.running.map((r) => r.controller.name);
  }

  /** Resolves when every controller's queue is empty and idle (for tests and benchmarks). */
  async idle(): Promise<void> {
    for (;;) {
      await Promise.all(this.running.map((r) => r.queue.whenIdle()));
      await Promise.all(this.background);
      // Work done by one controller may have queued work for another; check again.
      await new Promise((r) => setImmediate(r));
      if (this.running.every((r) => r.queue.isIdle()) && this.background.size === 0) return;
    }
  }

  async stop(): Promise<void> {
    this.abort.abort();
    for (const r of this.running) {
      for (const stop of r.unwatch) stop();
      r.queue.shutdown();
    }
    await Promise.all(this.running.flatMap((r) => r.workers));
    await Promise.all(this.background);
    this.running.length = 0;
    this.informers.stop();
  }
}
