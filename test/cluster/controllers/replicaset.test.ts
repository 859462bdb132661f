import { afterEach, describe, expect, it } from 'vitest';
import { RuntimeHarness } from './runtime-helpers';

let h: RuntimeHarness;
afterEach(async () => {
  await h?.stop();
});

const rsObject = (replicas: number) => ({
  apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default' },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
});

describe('replicaset controller', () => {
  it('creates replicas owned pods named <rs>-<5 random> and reports ready/available', async () => {
    h = await RuntimeHarness.start();
    await h.api.create(rsObject(3));
    await h.settle();
    const pods = h.api.list('Pod', { namespace: 'default' }).items;
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
      expect(p.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'ReplicaSet', name: 'web', controller: true, blockOwnerDeletion: true })]);
    }
    expect(h.events('web').filter((e) => e.startsWith('Normal SuccessfulCreate: Created pod: web-'))).toHaveLength(3);
    await h.advance(5000);
    expect(h.api.get('ReplicaSet', 'default', 'web').status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
  });

  it('scales down, deleting not-ready pods before ready ones', async () => {
    h = await RuntimeHarness.start();
    await h.api.create(rsObject(2));
    await h.advance(5000);
    const ready = h.api.list('Pod', { namespace: 'default' }).items.map((p) => p.metadata.name);
    const rs = h.api.get('ReplicaSet', 'default', 'web');
    await h.api.update({ ...rs, spec: { ...(rs.spec as object), replicas: 3 } });
    await h.settle(); // the third pod is still pulling: not ready
    const rs2 = h.api.get('ReplicaSet', 'default', 'web');
    await h.api.update({ ...rs2, spec: { ...(rs2.spec as object), replicas: 2 } });
    await h.settle();
    expect(h.api.list('Pod', { namespace: 'default' }).items.map((p) => p.metadata.name).sort()).toEqual(ready.sort());
    expect(h.events('web').filter((e) => e.startsWith('Normal SuccessfulDelete'))).toHaveLength(1);
  });

  it('replaces a deleted pod and adopts a matching orphan instead of creating one', async () => {
    h = await RuntimeHarness.start();
    await h.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'orphan', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } });
    await h.api.create(rsObject(2));
    await h.settle();
    const pods = h.api.list('Pod', { namespace: 'default' }).items;
    expect(pods).toHaveLength(2);
    expect(h.api.get('Pod', 'default', 'orphan').metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: 'web' });
    await h.api.delete('Pod', 'default', 'orphan');
    await h.settle();
    expect(h.api.list('Pod', { namespace: 'default' }).items).toHaveLength(2);
  });
});
