/**
 * The garbage collector (pkg/controller/garbagecollector/garbagecollector.go), simplified:
 * - a dependent whose owners are all gone is deleted (background cascading deletion);
 * - an owner being deleted with the `foregroundDeletion` finalizer waits: its dependents are
 *   deleted first, then the finalizer is removed and the owner goes;
 * - an owner with the `orphan` finalizer has its dependents' ownerReferences to it removed, then
 *   the finalizer.
 * Keys are "owner:<uid>" (process an owner being deleted) and "dependent:<uid>" (check its owners).
 * Objects are read shared (frozen, no copy) and copied only to be written.
 */
import { isApiError, type KubeObject, type WatchEvent } from '../store';
import type { Controller, ControllerContext } from './manager';

export const FinalizerDeleteDependents = 'foregroundDeletion';
export const FinalizerOrphanDependents = 'orphan';

type DependentsIndex = { dependentUidsOf(uid: string): string[] };

function keysFor(e: WatchEvent, store: DependentsIndex): string[] {
  const o = e.object;
  const uid = o.metadata.uid ?? '';
  const keys: string[] = [];
  if (e.type === 'DELETED') {
    // An owner went: its dependents may now be orphans. A dependent went: its owner may be done waiting.
    for (const d of store.dependentUidsOf(uid)) keys.push(`dependent:${d}`);
    for (const ref of o.metadata.ownerReferences ?? []) keys.push(`owner:${ref.uid}`);
    return keys;
  }
  const fin = o.metadata.finalizers ?? [];
  if (o.metadata.deletionTimestamp && (fin.includes(FinalizerDeleteDependents) || fin.includes(FinalizerOrphanDependents))) keys.push(`owner:${uid}`);
  if ((o.metadata.ownerReferences ?? []).length) keys.push(`dependent:${uid}`);
  return keys;
}

export function garbageCollector(store: DependentsIndex): Controller {
  return {
    name: 'garbage-collector-controller',
    watches: [{ kind: '*', keys: (e) => keysFor(e, store) }],
    workers: 2,
    async reconcile(key, ctx) {
      const [what, uid] = key.split(':');
      if (what === 'owner') await processOwner(uid, ctx);
      else await processDependent(uid, ctx);
    },
  };
}

async function processDependent(uid: string, ctx: ControllerContext): Promise<void> {
  const found = ctx.api.store.getByUid(uid, { shared: true });
  if (!found) return;
  const { kind, object } = found;
  if (object.metadata.deletionTimestamp) return;
  const refs = object.metadata.ownerReferences ?? [];
  if (!refs.length) return;
  // attemptToDeleteItem: an owner counts as present only if the uid still names that object.
  const owners = refs.map((r) => ({ ref: r, owner: ctx.api.store.getByUid(r.uid, { shared: true }) }));
  const live = owners.filter((o) => o.owner && o.owner.object.metadata.name === o.ref.name);
  const ns = object.metadata.namespace;
  if (live.length === 0) {
    await ignoreNotFound(ctx.api.delete(kind, ns, object.metadata.name ?? '', { propagationPolicy: 'Background', preconditions: { uid } }));
    return;
  }
  const waitingOwner = live.find((o) => o.owner!.object.metadata.deletionTimestamp && (o.owner!.object.metadata.finalizers ?? []).includes(FinalizerDeleteDependents));
  if (waitingOwner && live.length === 1) {
    await ignoreNotFound(ctx.api.delete(kind, ns, object.metadata.name ?? '', { propagationPolicy: 'Foreground', preconditions: { uid } }));
    return;
  }
  if (live.length < refs.length) {
    // Some owners are gone, others remain: drop the dangling references only.
    const liveUids = new Set(live.map((o) => o.ref.uid));
    const next = structuredClone(object);
    next.metadata.ownerReferences = refs.filter((r) => liveUids.has(r.uid));
    await ctx.api.store.update(kind, next);
  }
}

async function processOwner(uid: string, ctx: ControllerContext): Promise<void> {
  const found = ctx.api.store.getByUid(uid, { shared: true });
  if (!found || !found.object.metadata.deletionTimestamp) return;
  const { kind, object } = found;
  const fin = object.metadata.finalizers ?? [];
  const dependents = ctx.api.store.dependentsOf(uid, { shared: true });
  if (fin.includes(FinalizerOrphanDependents)) {
    for (const d of dependents) {
      // orphanDependents patches the reference away (a patch retries a conflict with, say, a kubelet
      // status write): a dependent skipped here would be collected once its owner is gone.
      const ownerReferences = (d.object.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      try {
        // the last reference removes the field (null in a merge patch), as Go's omitempty shows it.
        await ctx.api.patch(d.kind, d.object.metadata.namespace, d.object.metadata.name ?? '', 'merge', { metadata: { ownerReferences: ownerReferences.length ? ownerReferences : null } });
      } catch (e) {
        if (!(isApiError(e) && e.reason === 'NotFound')) throw e;
      }
    }
    await ctx.api.removeFinalizer(kind, object.metadata.namespace, object.metadata.name ?? '', FinalizerOrphanDependents);
    return;
  }
  if (fin.includes(FinalizerDeleteDependents)) {
    for (const d of dependents) {
      if (d.object.metadata.deletionTimestamp) continue;
      await ignoreNotFound(ctx.api.delete(d.kind, d.object.metadata.namespace, d.object.metadata.name ?? '', { propagationPolicy: 'Foreground' }));
    }
    // The owner goes once no dependent remains; their DELETED events bring us back here.
    if (ctx.api.store.dependentsOf(uid).length === 0) {
      await ctx.api.removeFinalizer(kind, object.metadata.namespace, object.metadata.name ?? '', FinalizerDeleteDependents);
    }
  }
}

async function ignoreNotFound(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (e) {
    if (!(isApiError(e) && (e.reason === 'NotFound' || e.code === 409))) throw e;
  }
}
