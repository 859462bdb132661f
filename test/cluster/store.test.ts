import { describe, expect, it } from 'vitest';
import { parseFieldSelector, parseLabelSelector, type WatchEvent } from '../../src/cluster/store';
import { newStore, pod } from './helpers';

describe('Store', () => {
  it('assigns uid, creationTimestamp, generation and increasing resourceVersions', async () => {
    const s = newStore();
    const a = await s.create('Pod', pod('a'));
    const b = await s.create('Pod', pod('b'));
    expect(a.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.metadata.creationTimestamp).toBe('2024-01-01T00:00:00Z');
    expect(a.metadata.generation).toBe(1);
    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
  });

  it('answers a duplicate name with AlreadyExists and a missing one with NotFound', async () => {
    const s = newStore();
    await s.create('Pod', pod('a'));
    await expect(s.create('Pod', pod('a'))).rejects.toMatchObject({ status: { code: 409, reason: 'AlreadyExists', message: 'pods "a" already exists' } });
    expect(() => s.get('Job', 'default', 'x')).toThrow('jobs.batch "x" not found');
  });

  it('generates a name from generateName', async () => {
    const s = newStore();
    const o = await s.create('Pod', { ...pod(''), metadata: { generateName: 'pi-', namespace: 'default' } });
    expect(o.metadata.name).toMatch(/^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('rejects an update with a stale resourceVersion (409, upstream message)', async () => {
    const s = newStore();
    const a = await s.create('Pod', pod('a'));
    await s.update('Pod', { ...a, metadata: { ...a.metadata, labels: { v: '2' } } });
    await expect(s.update('Pod', { ...a, metadata: { ...a.metadata, labels: { v: '3' } } })).rejects.toMatchObject({
      status: { code: 409, reason: 'Conflict', message: 'Operation cannot be fulfilled on pods "a": the object has been modified; please apply your changes to the latest version and try again' },
    });
  });

  it('bumps generation on spec changes only, and keeps status out of main updates', async () => {
    const s = newStore();
    const a = await s.create('Pod', pod('a', { status: { phase: 'Pending' } }));
    const labelled = await s.update('Pod', { ...a, metadata: { ...a.metadata, labels: { x: 'y' } }, status: { phase: 'Running' } });
    expect(labelled.metadata.generation).toBe(1);
    expect(labelled.status).toEqual({ phase: 'Pending' });
    const status = await s.update('Pod', { ...labelled, status: { phase: 'Running' } }, { subresource: 'status' });
    expect(status.status).toEqual({ phase: 'Running' });
    const spec = await s.update('Pod', { ...status, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } });
    expect(spec.metadata.generation).toBe(2);
  });

  it('filters lists by label and field selectors', async () => {
    const s = newStore();
    await s.create('Pod', pod('a'));
    await s.create('Pod', { ...pod('b'), metadata: { name: 'b', namespace: 'default', labels: { app: 'db' } } });
    expect(s.list('Pod', { labelSelector: parseLabelSelector('app in (db,cache)') }).items.map((p) => p.metadata.name)).toEqual(['b']);
    expect(s.list('Pod', { labelSelector: parseLabelSelector('app!=db') }).items.map((p) => p.metadata.name)).toEqual(['a']);
    expect(s.list('Pod', { fieldSelector: parseFieldSelector('metadata.name=a', []) }).items.map((p) => p.metadata.name)).toEqual(['a']);
    expect(() => parseFieldSelector('spec.foo=1', ['spec.nodeName'])).toThrow('field label not supported: spec.foo');
  });

  it('replays watch events after a resourceVersion and answers a too-old one with 410', async () => {
    const s = newStore({ historyLimit: 4 });
    const a = await s.create('Pod', pod('a'));
    const seen: string[] = [];
    s.watch('Pod', { resourceVersion: a.metadata.resourceVersion }, (e: WatchEvent) => seen.push(`${e.type} ${e.object.metadata.name}`));
    await s.create('Pod', pod('b'));
    await s.delete('Pod', 'default', 'a');
    expect(seen).toEqual(['ADDED b', 'DELETED a']);
    for (let i = 0; i < 10; i++) await s.create('Pod', pod(`p${i}`));
    expect(() => s.watch('Pod', { resourceVersion: a.metadata.resourceVersion }, () => undefined)).toThrow(/^too old resource version: \d+ \(\d+\)$/);
    try {
      s.watch('Pod', { resourceVersion: '1' }, () => undefined);
    } catch (e) {
      expect((e as { status: { code: number; reason: string } }).status).toMatchObject({ code: 410, reason: 'Expired' });
    }
  });

  it('turns a label change into ADDED/DELETED for a selector watch', async () => {
    const s = newStore();
    const seen: string[] = [];
    s.watch('Pod', { resourceVersion: s.resourceVersion, labelSelector: parseLabelSelector('app=web') }, (e) => seen.push(`${e.type} ${e.object.metadata.name}`));
    const a = await s.create('Pod', pod('a'));
    await s.update('Pod', { ...a, metadata: { ...a.metadata, labels: { app: 'other' } } });
    expect(seen).toEqual(['ADDED a', 'DELETED a']);
  });

  it('marks an object with finalizers as deleting and removes it when the last finalizer goes', async () => {
    const s = newStore();
    await s.create('Pod', pod('a', { metadata: { name: 'a', namespace: 'default', finalizers: ['kit/test'] } }));
    const r = await s.delete('Pod', 'default', 'a');
    expect(r.deleted).toBe(false);
    expect(r.object.metadata.deletionTimestamp).toBe('2024-01-01T00:00:00Z');
    const cur = s.get('Pod', 'default', 'a');
    await s.update('Pod', { ...cur, metadata: { ...cur.metadata, finalizers: [] } });
    expect(s.tryGet('Pod', 'default', 'a')).toBeUndefined();
  });

  it('adds the foregroundDeletion / orphan finalizers for those propagation policies', async () => {
    const s = newStore();
    await s.create('Job', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'default' }, spec: {} });
    expect((await s.delete('Job', 'default', 'j', { propagationPolicy: 'Foreground' })).object.metadata.finalizers).toEqual(['foregroundDeletion']);
    await s.create('Job', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'k', namespace: 'default' }, spec: {} });
    // batch/v1 Jobs orphan their pods by default.
    expect((await s.delete('Job', 'default', 'k')).object.metadata.finalizers).toEqual(['orphan']);
  });
});
