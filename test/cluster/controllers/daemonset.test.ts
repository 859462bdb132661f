import { afterEach, describe, expect, it } from 'vitest';
import { nodeShouldRunDaemonPod, targetNodeName } from '../../../src/cluster/controllers/daemonset-pods';
import type { KubeObject } from '../../../src/cluster/store';
import { RuntimeHarness } from './runtime-helpers';

type Json = Record<string, any>;

let h: RuntimeHarness;
afterEach(async () => {
  await h?.stop();
});

const dsObject = (spec: Json = {}, image = 'nginx:1.27') => ({
  apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'default' },
  spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image }], ...spec } } },
});

const dsPods = () => h.api.list('Pod', { namespace: 'default', labelSelector: 'app=agent' }).items;
const podsByNode = () => Object.fromEntries(dsPods().map((p) => [(p.spec as Json).nodeName, p.metadata.name]));
const status = () => h.api.get('DaemonSet', 'default', 'agent').status as Json;

async function taint(node: string, taints: Json[]): Promise<void> {
  const n = h.api.get('Node', undefined, node);
  await h.api.update({ ...n, spec: { ...(n.spec as Json), taints } });
  await h.settle();
}

describe('daemonset controller', () => {
  it('runs one pod per node, pinned by node affinity, with the daemon tolerations; status counts them', async () => {
    h = await RuntimeHarness.start();
    await h.api.create(dsObject());
    await h.settle();
    const pods = dsPods();
    expect(pods).toHaveLength(3);
    expect(Object.keys(podsByNode()).sort()).toEqual(['kit-node-1', 'kit-node-2', 'kit-node-3']);
    for (const p of pods) {
      const spec = p.spec as Json;
      expect(p.metadata.name).toMatch(/^agent-[a-z0-9]{5}$/);
      expect(p.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'DaemonSet', name: 'agent', controller: true })]);
      // The controller pins, the scheduler binds (upstream since 1.12).
      expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [spec.nodeName] }] }]);
      expect(h.events(p.metadata.name!)).toContain(`Normal Scheduled: Successfully assigned default/${p.metadata.name} to ${spec.nodeName}`);
      expect(spec.tolerations.map((t: Json) => `${t.key}:${t.effect}`)).toEqual([
        'node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/disk-pressure:NoSchedule',
        'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule',
      ]);
      expect(p.metadata.labels?.['controller-revision-hash']).toMatch(/^[a-z0-9]+$/);
    }
    expect(h.events('agent').filter((e) => e.startsWith('Normal SuccessfulCreate: Created pod: agent-'))).toHaveLength(3);
    await h.advance(5000);
    expect(status()).toEqual({ currentNumberScheduled: 3, desiredNumberScheduled: 3, numberMisscheduled: 0, numberReady: 3, observedGeneration: 1, updatedNumberScheduled: 3, numberAvailable: 3 });
  });

  it('skips a node whose NoSchedule taint the template does not tolerate, and uses it once tolerated', async () => {
    h = await RuntimeHarness.start();
    await taint('kit-node-3', [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
    await h.api.create(dsObject());
    await h.advance(5000);
    expect(Object.keys(podsByNode()).sort()).toEqual(['kit-node-1', 'kit-node-2']);
    expect(status()).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2 });

    const ds = h.api.get('DaemonSet', 'default', 'agent');
    (ds.spec as Json).template.spec.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }];
    await h.api.update(ds);
    await h.advance(30_000);
    expect(Object.keys(podsByNode()).sort()).toEqual(['kit-node-1', 'kit-node-2', 'kit-node-3']);
    expect(status()).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 });
  });

  it('keeps a running pod on a node tainted NoSchedule later (misscheduled), and deletes it for an untolerated NoExecute taint', async () => {
    h = await RuntimeHarness.start();
    await h.api.create(dsObject());
    await h.advance(5000);
    await taint('kit-node-2', [{ key: 'maintenance', effect: 'NoSchedule' }]);
    expect(Object.keys(podsByNode())).toContain('kit-node-2');
    expect(status()).toMatchObject({ desiredNumberScheduled: 2, numberMisscheduled: 1 });
    await taint('kit-node-2', [{ key: 'maintenance', effect: 'NoExecute' }]);
    await h.advance(35_000); // the pod's 30 s grace period
    expect(Object.keys(podsByNode()).sort()).toEqual(['kit-node-1', 'kit-node-3']);
    expect(status()).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 0 });
  });

  it('runs only on nodes the nodeSelector matches; the NODE SELECTOR column shows it', async () => {
    h = await RuntimeHarness.start();
    const n = h.api.get('Node', undefined, 'kit-node-1');
    await h.api.update({ ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, disktype: 'ssd' } } });
    await h.api.create(dsObject({ nodeSelector: { disktype: 'ssd' } }));
    await h.advance(5000);
    expect(Object.keys(podsByNode())).toEqual(['kit-node-1']);
    expect(status()).toMatchObject({ desiredNumberScheduled: 1, numberReady: 1 });
  });

  it('rolls a template change out one node at a time (maxUnavailable 1)', async () => {
    h = await RuntimeHarness.start();
    await h.api.create(dsObject());
    await h.advance(5000);
    const before = new Set(dsPods().map((p) => p.metadata.name));
    const ds = h.api.get('DaemonSet', 'default', 'agent');
    (ds.spec as Json).template.spec.containers[0].image = 'nginx:1.28';
    await h.api.update(ds);
    let maxUnavailable = 0;
    const done = () => status().observedGeneration === 2 && status().updatedNumberScheduled === 3 && status().numberAvailable === 3;
    for (let i = 0; i < 60 && !done(); i++) {
      await h.advance(1000);
      const live = dsPods().filter((p) => !p.metadata.deletionTimestamp);
      const ready = live.filter((p) => ((p.status as Json)?.conditions ?? []).some((c: Json) => c.type === 'Ready' && c.status === 'True'));
      maxUnavailable = Math.max(maxUnavailable, 3 - ready.length);
    }
    const after = dsPods();
    expect(after).toHaveLength(3);
    expect(after.every((p) => !before.has(p.metadata.name) && (p.spec as Json).containers[0].image === 'nginx:1.28')).toBe(true);
    expect(maxUnavailable).toBe(1);
    expect(status()).toMatchObject({ updatedNumberScheduled: 3, numberAvailable: 3, observedGeneration: 2 });
    expect(h.events('agent').filter((e) => e.startsWith('Normal SuccessfulDelete'))).toHaveLength(3);
  });

  it('deletes a failed daemon pod with an event and replaces it', async () => {
    h = await RuntimeHarness.start();
    await h.api.create(dsObject({}, 'busybox'));
    await h.settle();
    const victim = dsPods()[0];
    await h.api.updateStatus({ ...victim, status: { ...(victim.status as Json), phase: 'Failed' } });
    await h.settle();
    expect(h.events('agent')).toContain(`Warning FailedDaemonPod: Found failed daemon pod default/${victim.metadata.name} on node ${(victim.spec as Json).nodeName}, will try to kill it`);
    await h.advance(35_000);
    expect(dsPods().map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
    expect(Object.keys(podsByNode())).toHaveLength(3);
  });
});

describe('daemonset placement rules (NodeShouldRunDaemonPod)', () => {
  const node = (taints: Json[] = [], labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels }, spec: { taints } }) as KubeObject;
  const ds = (tspec: Json = {}) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { template: { spec: { containers: [], ...tspec } } } }) as KubeObject;

  it.each([
    ['no taints', node(), ds(), true, true],
    ['NoSchedule taint, not tolerated', node([{ key: 'k', effect: 'NoSchedule' }]), ds(), false, true],
    ['NoExecute taint, not tolerated', node([{ key: 'k', effect: 'NoExecute' }]), ds(), false, false],
    ['NoSchedule taint, tolerated', node([{ key: 'k', effect: 'NoSchedule' }]), ds({ tolerations: [{ key: 'k', operator: 'Exists' }] }), true, true],
    ['PreferNoSchedule taint', node([{ key: 'k', effect: 'PreferNoSchedule' }]), ds(), true, true],
    ['cordoned (unschedulable taint): daemons tolerate it', node([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]), ds(), true, true],
    ['not-ready NoExecute: daemons tolerate it', node([{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]), ds(), true, true],
    ['nodeSelector does not match', node([], { a: 'b' }), ds({ nodeSelector: { a: 'c' } }), false, false],
    ['template nodeName is another node', node(), ds({ nodeName: 'n2' }), false, false],
  ])('%s', (_what, n, d, shouldRun, shouldContinueRunning) => {
    expect(nodeShouldRunDaemonPod(n, d)).toEqual({ shouldRun, shouldContinueRunning });
  });

  it('finds a pending pod’s node from its affinity (GetTargetNodeName)', () => {
    const pod = { metadata: { name: 'p' }, spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n3'] }] }] } } } } } as KubeObject;
    expect(targetNodeName(pod)).toBe('n3');
    expect(targetNodeName({ ...pod, spec: { nodeName: 'n1' } })).toBe('n1');
  });
});
