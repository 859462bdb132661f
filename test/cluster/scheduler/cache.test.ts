import { describe, expect, it } from 'vitest';
import { buildNodeInfos, SchedulerCache, type SchedulerPod } from '../../../src/cluster/scheduler';
import { node, on, pod } from './fixtures';

const withUid = (p: SchedulerPod): SchedulerPod => ({ ...p, metadata: { ...p.metadata, uid: `uid-${p.metadata.name}` } });

describe('SchedulerCache', () => {
  it('keeps the same NodeInfos as building them from every pod, through binds, finishes, moves and deletes', () => {
    const nodes = [node('b'), node('a'), node('c', { cpu: '4' })];
    const cache = new SchedulerCache();
    for (const n of nodes) cache.updateNode(n);
    const pods = new Map<string, SchedulerPod>();
    const apply = (p: SchedulerPod | undefined, name: string) => {
      if (p) {
        pods.set(name, withUid(p));
        cache.updatePod(withUid(p));
      } else {
        cache.removePod(pods.get(name)!);
        pods.delete(name);
      }
      const sorted = [...nodes].sort((x, y) => x.metadata.name.localeCompare(y.metadata.name));
      expect(cache.nodeInfos()).toEqual(buildNodeInfos(sorted, [...pods.values()]));
    };
    apply(pod('p1', { cpu: '500m', memory: '1Gi' }), 'p1'); // pending: counts nowhere
    apply(on(pod('p1', { cpu: '500m', memory: '1Gi' }), 'a'), 'p1'); // bound
    apply(on(pod('p2'), 'a'), 'p2'); // no requests: only the scoring defaults
    apply(on(pod('p3', { cpu: '1' }), 'c'), 'p3');
    apply(on(pod('p1', { cpu: '500m', memory: '1Gi' }, {}, 'Succeeded'), 'a'), 'p1'); // finished: freed
    apply(on(pod('p3', { cpu: '1' }), 'b'), 'p3'); // same uid, other node
    apply(undefined, 'p2');
    apply(undefined, 'p3');
    expect(cache.nodeInfos().map((i) => [i.node.metadata.name, i.pods.length, i.requested])).toEqual([['a', 0, {}], ['b', 0, {}], ['c', 0, {}]]);
  });

  it('counts an assumed pod at once, ignores its older unbound events, and forgets it when the binding fails', () => {
    const cache = new SchedulerCache();
    cache.updateNode(node('a'));
    const pending = withUid(pod('p', { cpu: '1' }));
    cache.assumePod(on(pending, 'a'));
    expect(cache.nodeInfos()[0].requested.cpu).toBe(1000);
    cache.updatePod(pending); // an event written before the binding
    expect(cache.isAssumed(pending)).toBe(true);
    expect(cache.nodeInfos()[0].requested.cpu).toBe(1000);
    cache.forgetPod(pending);
    expect(cache.nodeInfos()[0].requested).toEqual({});
    cache.assumePod(on(pending, 'a'));
    cache.updatePod(on(pending, 'a')); // the binding's own event confirms it: forgetting is now a no-op
    cache.forgetPod(pending);
    expect([cache.isAssumed(pending), cache.nodeInfos()[0].requested.cpu]).toEqual([false, 1000]);
  });

  it('lists only nodes that exist, and keeps counting pods of a node removed and added back', () => {
    const cache = new SchedulerCache();
    cache.updateNode(node('a'));
    cache.updatePod(withUid(on(pod('p', { cpu: '1' }), 'a')));
    cache.removeNode('a');
    expect(cache.nodeInfos()).toEqual([]);
    cache.updateNode(node('a'));
    expect(cache.nodeInfos()[0].requested.cpu).toBe(1000);
  });
});
