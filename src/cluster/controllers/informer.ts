/**
 * Shared informers, as in client-go (k8s.io/client-go/tools/cache): one SharedIndexInformer per
 * kind watches the store once and keeps every object of that kind in an Indexer; controllers
 * read from it through a lister and register event handlers on it, instead of listing (and
 * copying) every object on each reconcile.
 *
 * - The cached objects are the store's own objects, frozen: read them, never change them
 *   (client-go: objects from a lister are read-only). To write, change a copy
 *   (`structuredClone`, or a fresh `ctx.api.get`) and write that.
 * - The indexer is updated before any handler runs, and the store tells watchers about a write
 *   before that write's promise resolves. So once a controller's `await ctx.api.create(pod)`
 *   returns, the cache holds the pod: the cache never lags behind the controller's own writes,
 *   which is what upstream's ControllerExpectations make up for (see job.ts). Writes by others
 *   show up once durable; their event then queues the key again.
 */
import { objectKey, type KubeObject, type Store, type Watch, type WatchEvent } from '../store';

/** Returns the index values of an object (cache.IndexFunc). */
export type IndexFunc = (obj: KubeObject) => string[];

/** cache.NamespaceIndex: objects by namespace. */
export const NamespaceIndex = 'namespace';
/**
 * Objects by the uid of their controller owner (controller_utils.go, PodControllerUIDIndex);
 * objects without one under orphanKey(namespace), so an owner can find orphans to adopt.
 */
export const ControllerUIDIndex = 'controllerUID';
/** Pods by spec.nodeName (the scheduler cache and the kubelet look pods up by node). */
export const NodeNameIndex = 'spec.nodeName';

/** The ControllerUIDIndex value of objects in `namespace` that have no controller (OrphanPodIndexKey). */
export function orphanKey(namespace: string | undefined): string {
  return `_ORPHAN/${namespace ?? ''}`;
}

const indexFuncs: Record<string, IndexFunc> = {
  [NamespaceIndex]: (o) => [o.metadata.namespace ?? ''],
  [ControllerUIDIndex]: (o) => {
    const ref = (o.metadata.ownerReferences ?? []).find((r) => r.controller);
    return [ref ? ref.uid : orphanKey(o.metadata.namespace)];
  },
};
const podIndexFuncs: Record<string, IndexFunc> = {
  ...indexFuncs,
  [NodeNameIndex]: (o) => {
    const node = (o.spec as { nodeName?: string } | undefined)?.nodeName;
    return node ? [node] : [];
  },
};

/** A thread-safe store with indexes in client-go (thread_safe_store.go); here a map and a few sets. */
export class Indexer {
  private readonly items = new Map<string, KubeObject>();
  /** index name → index value → object keys. */
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor(private readonly indexers: Record<string, IndexFunc>) {
    for (const name of Object.keys(indexers)) this.indices.set(name, new Map());
  }

  /** Adds or replaces the object stored under `key`. */
  update(key: string, obj: KubeObject): void {
    this.delete(key);
    this.items.set(key, obj);
    for (const [name, fn] of Object.entries(this.indexers)) {
      const index = this.indices.get(name)!;
      for (const value of fn(obj)) {
        let keys = index.get(value);
        if (!keys) index.set(value, (keys = new Set()));
        keys.add(key);
      }
    }
  }

  delete(key: string): void {
    const old = this.items.get(key);
    if (!old) return;
    this.items.delete(key);
    for (const [name, fn] of Object.entries(this.indexers)) {
      const index = this.indices.get(name)!;
      for (const value of fn(old)) {
        const keys = index.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(value);
      }
    }
  }

  get(key: string): KubeObject | undefined {
    return this.items.get(key);
  }

  list(): KubeObject[] {
    return [...this.items.values()];
  }

  /** The objects whose index function returned `value` (Indexer.ByIndex). */
  byIndex(indexName: string, value: string): KubeObject[] {
    const index = this.indices.get(indexName);
    if (!index) throw new Error(`index "${indexName}" does not exist`);
    return [...(index.get(value) ?? [])].map((k) => this.items.get(k)!);
  }
}

/**
 * SharedIndexInformer for one kind: one store watch, one Indexer, any number of handlers.
 * The lister methods (get, list, byIndex) return the cached, frozen objects.
 */
export class SharedInformer {
  private readonly indexer: Indexer;
  private readonly handlers = new Set<(e: WatchEvent) => void>();
  private readonly watch: Watch;

  constructor(readonly kind: string, store: Store) {
    this.indexer = new Indexer(kind === 'Pod' ? podIndexFuncs : indexFuncs);
    // The watch starts with an ADDED event for every existing object (the informer's initial list).
    this.watch = store.watch(kind, {}, (e) => this.handle(e));
  }

  private handle(e: WatchEvent): void {
    const key = objectKey(e.object.metadata.namespace, e.object.metadata.name ?? '');
    if (e.type === 'DELETED') this.indexer.delete(key);
    else this.indexer.update(key, e.object);
    for (const h of this.handlers) {
      try {
        h(e);
      } catch (err) {
        console.warn(`kit cluster: a ${this.kind} event handler failed: ${(err as Error).message}`);
      }
    }
  }

  /**
   * Calls `handler` for every change, after the cache has it; like AddEventHandler, it first
   * gets an ADDED event for each object already cached. Returns a function that removes it.
   */
  addEventHandler(handler: (e: WatchEvent) => void): () => void {
    for (const object of this.indexer.list()) handler({ type: 'ADDED', kind: this.kind, object });
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.indexer.get(objectKey(namespace, name));
  }

  /** Every cached object, or those of one namespace. */
  list(namespace?: string): KubeObject[] {
    return namespace === undefined ? this.indexer.list() : this.indexer.byIndex(NamespaceIndex, namespace);
  }

  byIndex(indexName: string, value: string): KubeObject[] {
    return this.indexer.byIndex(indexName, value);
  }

  stop(): void {
    this.watch.stop();
    this.handlers.clear();
  }
}

/** SharedInformerFactory: one informer per kind, made on first use, shared by every controller. */
export class SharedInformerFactory {
  private readonly informers = new Map<string, SharedInformer>();

  constructor(private readonly store: Store) {}

  informer(kind: string): SharedInformer {
    let inf = this.informers.get(kind);
    if (!inf) this.informers.set(kind, (inf = new SharedInformer(kind, this.store)));
    return inf;
  }

  /** The pod informer, which most controllers share. */
  get pods(): SharedInformer {
    return this.informer('Pod');
  }

  stop(): void {
    for (const inf of this.informers.values()) inf.stop();
    this.informers.clear();
  }
}

/**
 * The objects controlled by `owner` (controller_utils.go FilterPodsByOwner), from the
 * ControllerUIDIndex; with `orphans`, also the objects in its namespace that have no controller.
 */
export function controlledBy(informer: SharedInformer, owner: KubeObject, opts: { orphans?: boolean } = {}): KubeObject[] {
  const mine = informer.byIndex(ControllerUIDIndex, owner.metadata.uid ?? '');
  return opts.orphans ? mine.concat(informer.byIndex(ControllerUIDIndex, orphanKey(owner.metadata.namespace))) : mine;
}
