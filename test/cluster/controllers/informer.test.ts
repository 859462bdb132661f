import { describe, expect, it } from 'vitest';
import { ControllerUIDIndex, controlledBy, NodeNameIndex, orphanKey, SharedInformerFactory } from '../../../src/cluster/controllers/informer';
import type { KubeObject, WatchEvent } from '../../../src/cluster/store';
import { newStore, pod, tempHome } from '../helpers';

const owned = (name: string, uid: string) => pod(name, { metadata: { name, namespace: 'default', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid, controller: true }] } });
const names = (objs: KubeObject[]) => objs.map((o) => o.metadata.name).sort();

describe('shared informers', () => {
  it('index pods by namespace, controller uid (orphans apart) and node, and follow changes and deletes', async () => {
    const store = newStore();
    const pods = new SharedInformerFactory(store).pods;
    await store.create('Pod', owned('a', 'job-1'));
    await store.create('Pod', owned('b', 'job-1'));
    const c = await store.create('Pod', pod('c'));
    await store.create('Pod', { ...pod('d'), metadata: { name: 'd', namespace: 'other' } });
    expect(names(pods.list('default'))).toEqual(['a', 'b', 'c']);
    expect(names(pods.byIndex(ControllerUIDIndex, 'job-1'))).toEqual(['a', 'b']);
    expect(names(pods.byIndex(ControllerUIDIndex, orphanKey('default')))).toEqual(['c']);
    expect(names(controlledBy(pods, { metadata: { uid: 'job-1', namespace: 'default' } }, { orphans: true }))).toEqual(['a', 'b', 'c']);

    await store.update('Pod', { ...structuredClone(c), spec: { ...(c.spec as object), nodeName: 'n1' } });
    expect(names(pods.byIndex(NodeNameIndex, 'n1'))).toEqual(['c']);
    await store.delete('Pod', 'default', 'c');
    expect(pods.byIndex(NodeNameIndex, 'n1')).toEqual([]);
    expect(pods.get('default', 'c')).toBeUndefined();
    expect(() => pods.byIndex('nope', 'x')).toThrow('index "nope" does not exist');
  });

  it('hands out the frozen stored objects: a controller that changes one gets a TypeError, not a corrupted store', async () => {
    const store = newStore();
    const pods = new SharedInformerFactory(store).pods;
    await store.create('Pod', pod('a'));
    const cached = pods.get('default', 'a')!;
    expect(() => { cached.metadata.labels!.app = 'changed'; }).toThrow(TypeError);
    expect(store.get('Pod', 'default', 'a').metadata.labels).toEqual({ app: 'web' });
  });

  it('has a durable write in its cache by the time the write resolves, and tells handlers after the cache has it', async () => {
    const store = newStore({ dir: tempHome() });
    const pods = new SharedInformerFactory(store).pods;
    const seen: string[] = [];
    pods.addEventHandler((e: WatchEvent) => seen.push(`${e.type} ${e.object.metadata.name} cached=${!!pods.get('default', e.object.metadata.name!)}`));
    const writes = ['a', 'b', 'c'].map((n) => store.create('Pod', pod(n)));
    expect(pods.list()).toEqual([]); // not durable yet: not in the cache
    for (const w of writes) {
      const created = await w;
      expect(pods.get('default', created.metadata.name!)?.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    }
    await store.delete('Pod', 'default', 'a');
    expect(pods.get('default', 'a')).toBeUndefined();
    expect(seen).toEqual(['ADDED a cached=true', 'ADDED b cached=true', 'ADDED c cached=true', 'DELETED a cached=false']);
  });

  it('replays what it has to a handler added later, as ADDED events', async () => {
    const store = newStore();
    await store.create('Pod', pod('a'));
    const pods = new SharedInformerFactory(store).pods;
    const seen: string[] = [];
    const remove = pods.addEventHandler((e) => seen.push(`${e.type} ${e.object.metadata.name}`));
    await store.create('Pod', pod('b'));
    remove();
    await store.create('Pod', pod('c'));
    expect(seen).toEqual(['ADDED a', 'ADDED b']);
  });
});
