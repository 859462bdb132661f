import { afterEach, describe, expect, it } from 'vitest';
import { podTemplateHash, safeEncode, fnv32a } from '../../../src/cluster/controllers/pod-template';
import { resolveFenceposts, scaledValue } from '../../../src/cluster/controllers/deployment';
import { RuntimeHarness } from './runtime-helpers';

let h: RuntimeHarness;
afterEach(async () => {
  await h?.stop();
});

type Json = Record<string, any>;

const deployment = (replicas: number, strategy?: Json) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas, selector: { matchLabels: { app: 'web' } }, ...(strategy ? { strategy } : {}),
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
  },
});

function replicaSets() {
  return h.api.list('ReplicaSet', { namespace: 'default' }).items.map((rs) => ({ name: rs.metadata.name!, replicas: (rs.spec as Json).replicas, revision: rs.metadata.annotations?.['deployment.kubernetes.io/revision'] }));
}

async function restart(at: string) {
  const d = h.api.get('Deployment', 'default', 'web') as Json;
  d.spec.template.metadata.annotations = { 'kubectl.kubernetes.io/restartedAt': at };
  await h.api.update(d as never);
  await h.settle();
}

describe('deployment helpers', () => {
  it('rounds maxSurge up and maxUnavailable down, and never lets both be 0', () => {
    expect(scaledValue('25%', 10, true)).toBe(3);
    expect(scaledValue('25%', 10, false)).toBe(2);
    expect(resolveFenceposts(deployment(1) as never)).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(resolveFenceposts({ spec: { replicas: 3, strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } } } as never)).toEqual({ maxSurge: 0, maxUnavailable: 1 });
  });

  it('hashes templates with FNV-32a into safe-encoded names that change with the template', () => {
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(safeEncode('0123456789')).toBe('456789bcdf');
    const a = podTemplateHash({ spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    expect(a).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(podTemplateHash({ spec: { containers: [{ image: 'nginx', name: 'c' }] } })).toBe(a);
    expect(podTemplateHash({ spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } })).not.toBe(a);
    expect(podTemplateHash({ spec: { containers: [{ name: 'c', image: 'nginx' }] } }, 1)).not.toBe(a);
  });
});

describe('deployment controller', () => {
  it('creates <deploy>-<hash> with revision 1, scales it up and reports a complete rollout', async () => {
    h = await RuntimeHarness.start();
    await h.api.create(deployment(3));
    await h.settle();
    const [rs] = replicaSets();
    expect(rs.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(rs).toMatchObject({ replicas: 3, revision: '1' });
    const hash = rs.name.slice('web-'.length);
    expect(h.api.get('ReplicaSet', 'default', rs.name).spec).toMatchObject({ selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } } });
    expect(h.events('web')).toContain(`Normal ScalingReplicaSet: Scaled up replica set ${rs.name} from 0 to 3`);
    await h.advance(5000);
    const d = h.api.get('Deployment', 'default', 'web') as Json;
    expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(d.status.conditions.map((c: Json) => `${c.type}=${c.status}:${c.reason}`)).toEqual(['Available=True:MinimumReplicasAvailable', 'Progressing=True:NewReplicaSetAvailable']);
  });

  it('rolls out a restart with maxSurge 1 / maxUnavailable 0: never more than 4 pods, never fewer than 3 available', async () => {
    h = await RuntimeHarness.start();
    await h.api.create(deployment(3, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }));
    await h.advance(5000);
    const [first] = replicaSets();
    // Watch every pod change, as a learner's `kubectl get pods -w` would.
    const live = new Map<string, boolean>();
    let maxPods = 0;
    let minAvailable = Infinity;
    let replayed = false;
    const w = h.api.watch('Pod', { namespace: 'default' }, (e) => {
      if (e.type === 'DELETED') live.delete(e.object.metadata.name!);
      else live.set(e.object.metadata.name!, ((e.object.status as Json).conditions ?? []).some((c: Json) => c.type === 'Ready' && c.status === 'True'));
      if (!replayed) return; // the first events list the pods that already run
      maxPods = Math.max(maxPods, live.size);
      minAvailable = Math.min(minAvailable, [...live.values()].filter(Boolean).length);
    });
    replayed = true;
    await restart('2024-01-01T00:01:00Z');
    await h.advance(30_000);
    w.stop();
    expect(maxPods).toBe(4);
    expect(minAvailable).toBe(3);
    const sets = replicaSets();
    const second = sets.find((s) => s.name !== first.name)!;
    expect(sets.find((s) => s.name === first.name)).toMatchObject({ replicas: 0, revision: '1' });
    expect(second).toMatchObject({ replicas: 3, revision: '2' });
    const d = h.api.get('Deployment', 'default', 'web') as Json;
    expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
    expect(d.status).toMatchObject({ observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    expect(h.events('web')).toContain(`Normal ScalingReplicaSet: Scaled down replica set ${first.name} from 1 to 0`);
  });

  it('Recreate scales the old ReplicaSet to 0 before the new one comes up', async () => {
    h = await RuntimeHarness.start();
    await h.api.create(deployment(2, { type: 'Recreate' }));
    await h.advance(5000);
    const [first] = replicaSets();
    // Whenever the new ReplicaSet asks for pods, the old one must have none left.
    const overlaps: string[] = [];
    const w = h.api.watch('ReplicaSet', { namespace: 'default' }, (e) => {
      if (e.object.metadata.name === first.name || !((e.object.spec as Json).replicas > 0)) return;
      const oldRs = h.api.get('ReplicaSet', 'default', first.name) as Json;
      if (oldRs.spec.replicas > 0 || (oldRs.status.replicas ?? 0) > 0) overlaps.push(JSON.stringify(oldRs.status));
    });
    await restart('2024-01-01T00:01:00Z');
    await h.advance(10_000);
    w.stop();
    const second = replicaSets().find((s) => s.name !== first.name)!;
    expect(overlaps).toEqual([]);
    expect(second.replicas).toBe(2);
    expect(h.events('web')).toEqual(expect.arrayContaining([
      `Normal ScalingReplicaSet: Scaled down replica set ${first.name} from 2 to 0`,
      `Normal ScalingReplicaSet: Scaled up replica set ${second.name} from 0 to 2`,
    ]));
  });

  it('marks Progressing=False ProgressDeadlineExceeded when pods never become ready', async () => {
    h = await RuntimeHarness.start();
    const d = deployment(1) as Json;
    d.spec.progressDeadlineSeconds = 30;
    d.spec.template.spec.containers[0].image = 'no-such-image';
    await h.api.create(d as never);
    await h.advance(40_000, 5000);
    const cond = (h.api.get('Deployment', 'default', 'web').status as Json).conditions.find((c: Json) => c.type === 'Progressing');
    expect(cond).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
  });

  it('keeps revisionHistoryLimit old ReplicaSets', async () => {
    h = await RuntimeHarness.start();
    const d = deployment(1) as Json;
    d.spec.revisionHistoryLimit = 1;
    await h.api.create(d as never);
    await h.advance(5000);
    for (const t of ['00:01', '00:02', '00:03']) {
      await restart(`2024-01-01T${t}:00Z`);
      await h.advance(10_000);
    }
    expect(replicaSets().map((s) => s.revision).sort()).toEqual(['3', '4']);
  });
});
