import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/cluster/clock';
import { EmbeddedCluster } from '../../src/cluster/cluster';
import type { Controller } from '../../src/cluster/controllers';

let cluster: EmbeddedCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

const rsManifest = {
  apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default' },
  spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
};

function ownedPod(name: string, owner: { metadata: { name?: string; uid?: string } }) {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true }] },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  };
}

describe('controllers', () => {
  it('start with the initial namespaces, a default ServiceAccount in each and Ready nodes', async () => {
    cluster = await EmbeddedCluster.start({ clock: new ManualClock(), nodes: { count: 2, cpu: '2', memory: '8Gi' } });
    await cluster.controllers.idle();
    expect(cluster.api.list('Namespace').items.map((n) => n.metadata.name)).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect(cluster.api.list('ServiceAccount').items.map((s) => `${s.metadata.namespace}/${s.metadata.name}`)).toContain('kube-system/default');
    const nodes = cluster.api.list('Node').items;
    expect(nodes.map((n) => [n.metadata.name, (n.status as { allocatable: { cpu: string } }).allocatable.cpu])).toEqual([['kit-node-1', '2'], ['kit-node-2', '2']]);
  });

  it('garbage-collects a dependent when its owner is deleted (background)', async () => {
    cluster = await EmbeddedCluster.start({ clock: new ManualClock() });
    const rs = (await cluster.api.create(rsManifest)).object;
    await cluster.api.create(ownedPod('web-abc', rs));
    await cluster.api.delete('ReplicaSet', 'default', 'web', { propagationPolicy: 'Background' });
    await cluster.controllers.idle();
    expect(cluster.api.tryGet('Pod', 'default', 'web-abc')).toBeUndefined();
  });

  it('keeps a foreground-deleted owner until its dependents are gone, and orphans on request', async () => {
    cluster = await EmbeddedCluster.start({ clock: new ManualClock() });
    const rs = (await cluster.api.create(rsManifest)).object;
    await cluster.api.create(ownedPod('web-1', rs));
    await cluster.api.delete('ReplicaSet', 'default', 'web', { propagationPolicy: 'Foreground' });
    await cluster.controllers.idle();
    expect(cluster.api.tryGet('ReplicaSet', 'default', 'web')).toBeUndefined();
    expect(cluster.api.tryGet('Pod', 'default', 'web-1')).toBeUndefined();

    const rs2 = (await cluster.api.create(rsManifest)).object;
    await cluster.api.create(ownedPod('web-2', rs2));
    await cluster.api.delete('ReplicaSet', 'default', 'web', { propagationPolicy: 'Orphan' });
    await cluster.controllers.idle();
    expect(cluster.api.tryGet('ReplicaSet', 'default', 'web')).toBeUndefined();
    // Go omits empty lists (omitempty): `kubectl get pod -o yaml` shows neither ownerReferences nor finalizers.
    const orphan = cluster.api.get('Pod', 'default', 'web-2').metadata;
    expect('ownerReferences' in orphan).toBe(false);
    expect('finalizers' in orphan).toBe(false);
    expect('finalizers' in (await cluster.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', finalizers: [], ownerReferences: [] } })).object.metadata).toBe(false);
  });

  it('runs an added controller from watch events through its work queue, with requeueAfter on the virtual clock', async () => {
    const clock = new ManualClock();
    const seen: string[] = [];
    const counter: Controller = {
      name: 'test-controller',
      watches: [{ kind: 'ConfigMap' }],
      async reconcile(key, ctx) {
        seen.push(`${key}@${(ctx.clock.now() - Date.UTC(2024, 0, 1)) / 1000}s`);
        return seen.length < 3 ? { requeueAfter: 10_000 } : undefined;
      },
    };
    cluster = await EmbeddedCluster.start({ clock, controllers: [() => counter] });
    await cluster.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { a: '1' } });
    await cluster.controllers.idle();
    clock.advance(10_000);
    await cluster.controllers.idle();
    clock.advance(10_000);
    await cluster.controllers.idle();
    expect(seen).toEqual(['default/cfg@0s', 'default/cfg@10s', 'default/cfg@20s']);
  });
});
