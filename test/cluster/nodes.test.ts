import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/cluster/clock';
import { EmbeddedCluster } from '../../src/cluster/cluster';
import { tempHome } from './helpers';

describe('the node pool on restart', () => {
  it('is kept without flags; --nodes removes surplus nodes and their pods, --node-cpu updates capacity', async () => {
    const home = tempHome('kit-nodes-');
    const first = await EmbeddedCluster.start({ home, runtime: false, clock: new ManualClock(), nodes: { count: 3 } });
    await first.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'on-3', namespace: 'default' }, spec: { nodeName: 'kit-node-3', containers: [{ name: 'c', image: 'nginx' }] } });
    await first.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'on-1', namespace: 'default' }, spec: { nodeName: 'kit-node-1', containers: [{ name: 'c', image: 'nginx' }] } });
    await first.stop();

    const kept = await EmbeddedCluster.start({ home, runtime: false, clock: new ManualClock() });
    expect(kept.nodeNames).toEqual(['kit-node-1', 'kit-node-2', 'kit-node-3']);
    await kept.stop();

    const smaller = await EmbeddedCluster.start({ home, runtime: false, clock: new ManualClock(), nodes: { count: 2, cpu: '2' } });
    try {
      expect(smaller.nodeNames).toEqual(['kit-node-1', 'kit-node-2']);
      const nodes = smaller.api.list('Node').items.map((n) => [n.metadata.name, (n.status as { capacity: { cpu: string } }).capacity.cpu]);
      expect(nodes).toEqual([['kit-node-1', '2'], ['kit-node-2', '2']]);
      expect(smaller.api.list('Pod').items.map((p) => p.metadata.name)).toEqual(['on-1']);
    } finally {
      await smaller.stop();
    }
  });

  it('rejects a fractional count and a quantity that does not parse, with the flag and an example', async () => {
    await expect(EmbeddedCluster.start({ runtime: false, clock: new ManualClock(), nodes: { count: 2.5 } })).rejects.toThrow('--nodes must be a whole number of nodes, 1 or more, not "2.5"');
    await expect(EmbeddedCluster.start({ runtime: false, clock: new ManualClock(), nodes: { cpu: 'banana' } })).rejects.toThrow('--node-cpu must be a positive Kubernetes quantity (e.g. 4 or 2500m), not "banana"');
  });
});
