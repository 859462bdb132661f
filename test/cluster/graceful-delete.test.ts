import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/cluster/clock';
import { EmbeddedCluster } from '../../src/cluster/cluster';
import { registerImage, unregisterImage } from '../../src/cluster/images';
import type { KubeObject } from '../../src/cluster/store';
import { RuntimeHarness } from './controllers/runtime-helpers';
import { newStore, pod, tempHome } from './helpers';

const bound = (name: string, extra: Record<string, unknown> = {}) =>
  pod(name, { spec: { nodeName: 'kit-worker', terminationGracePeriodSeconds: 30, containers: [{ name: 'c', image: 'nginx' }] }, ...extra });

describe('graceful deletion of pods in the store (strategy.go CheckGracefulDelete)', () => {
  it('marks a bound pod with deletionTimestamp = now + terminationGracePeriodSeconds and keeps it', async () => {
    const s = newStore();
    await s.create('Pod', bound('a'));
    const r = await s.delete('Pod', 'default', 'a');
    expect(r.deleted).toBe(false);
    expect(r.object.metadata).toMatchObject({ deletionTimestamp: '2024-01-01T00:00:30Z', deletionGracePeriodSeconds: 30, generation: 2 });
    expect(s.get('Pod', 'default', 'a').metadata.deletionGracePeriodSeconds).toBe(30);
  });

  it('uses the grace period the request asks for, and a second delete may only shorten it', async () => {
    const s = newStore();
    await s.create('Pod', bound('a'));
    await s.delete('Pod', 'default', 'a', { gracePeriodSeconds: 10 });
    expect((await s.delete('Pod', 'default', 'a', { gracePeriodSeconds: 20 })).object.metadata.deletionGracePeriodSeconds).toBe(10);
    const shorter = await s.delete('Pod', 'default', 'a', { gracePeriodSeconds: 4 });
    expect(shorter.object.metadata).toMatchObject({ deletionTimestamp: '2024-01-01T00:00:04Z', deletionGracePeriodSeconds: 4 });
    // The kubelet's last word: grace period 0 removes it.
    expect((await s.delete('Pod', 'default', 'a', { gracePeriodSeconds: 0 })).deleted).toBe(true);
    expect(s.tryGet('Pod', 'default', 'a')).toBeUndefined();
  });

  it('deletes at once a pod not bound to a node, a finished pod, and any pod with grace period 0 (--force)', async () => {
    const s = newStore();
    await s.create('Pod', pod('pending', { spec: { terminationGracePeriodSeconds: 30, containers: [{ name: 'c', image: 'nginx' }] } }));
    await s.create('Pod', bound('done', { status: { phase: 'Succeeded' } }));
    await s.create('Pod', bound('forced'));
    expect((await s.delete('Pod', 'default', 'pending')).deleted).toBe(true);
    expect((await s.delete('Pod', 'default', 'done')).deleted).toBe(true);
    expect((await s.delete('Pod', 'default', 'forced', { gracePeriodSeconds: 0 })).deleted).toBe(true);
    expect(s.list('Pod').items).toEqual([]);
  });

  it('keeps a pod whose last finalizer goes while its grace period runs; other kinds are deleted at once', async () => {
    const s = newStore();
    await s.create('Pod', bound('fin', { metadata: { name: 'fin', namespace: 'default', finalizers: ['kit.dev/test'] } }));
    await s.delete('Pod', 'default', 'fin');
    const marked = s.get('Pod', 'default', 'fin');
    await s.update('Pod', { ...marked, metadata: { ...marked.metadata, finalizers: [] } });
    expect(s.get('Pod', 'default', 'fin').metadata.deletionGracePeriodSeconds).toBe(30);
    await s.create('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default' } });
    expect((await s.delete('ConfigMap', 'default', 'cm')).deleted).toBe(true);
  });
});

describe('the kubelet finishes a graceful deletion', () => {
  let h: RuntimeHarness;
  afterEach(async () => {
    await h?.stop();
    unregisterImage('stubborn');
  });

  const phaseOf = (p: KubeObject | undefined) => (p?.status as { phase?: string } | undefined)?.phase;

  it('SIGTERMs a sleeping container (exit 143), writes phase Failed, then deletes the pod', async () => {
    h = await RuntimeHarness.start();
    await h.createPod('sleepy', { containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'] }] });
    await h.advance(5000);
    const seen: string[] = [];
    const w = h.api.watch('Pod', { namespace: 'default' }, (e) => {
      const c = (e.object.status as { containerStatuses?: Array<{ state: { terminated?: { exitCode: number } } }> }).containerStatuses?.[0];
      seen.push(`${e.type} ${phaseOf(e.object)} ${e.object.metadata.deletionTimestamp ? 'Terminating' : '-'} ${c?.state.terminated?.exitCode ?? ''}`.trim());
    });
    const r = await h.api.delete('Pod', 'default', 'sleepy');
    expect(r.deleted).toBe(false);
    await h.settle();
    w.stop();
    expect(h.api.tryGet('Pod', 'default', 'sleepy')).toBeUndefined();
    expect(seen.slice(-3)).toEqual(['MODIFIED Running Terminating', 'MODIFIED Failed Terminating 143', 'DELETED Failed Terminating 143']);
    expect(h.events('sleepy')).toContain('Normal Killing: Stopping container main');
  });

  it('waits the grace period for a workload that ignores SIGTERM, SIGKILLs it (137), then deletes the pod', async () => {
    registerImage({ name: 'stubborn', description: 'ignores SIGTERM', example: '', run: () => new Promise<number>(() => {}) });
    h = await RuntimeHarness.start();
    await h.createPod('stub', { terminationGracePeriodSeconds: 10, containers: [{ name: 'main', image: 'stubborn' }] });
    await h.advance(5000);
    await h.api.delete('Pod', 'default', 'stub');
    await h.advance(9000);
    expect(h.pod('stub').metadata.deletionTimestamp).toBeDefined();
    expect(h.pod('stub').status.containerStatuses[0].state.running).toBeDefined();
    let last: KubeObject | undefined;
    const w = h.api.watch('Pod', { namespace: 'default' }, (e) => { last = e.object; });
    await h.advance(2000);
    w.stop();
    expect(h.api.tryGet('Pod', 'default', 'stub')).toBeUndefined();
    expect((last?.status as { containerStatuses: Array<{ state: unknown }> }).containerStatuses[0].state).toMatchObject({ terminated: { exitCode: 137, reason: 'Error' } });
  });

  it('SIGKILLs sooner when a second delete shortens the grace period', async () => {
    registerImage({ name: 'stubborn', description: 'ignores SIGTERM', example: '', run: () => new Promise<number>(() => {}) });
    h = await RuntimeHarness.start();
    await h.createPod('stub', { terminationGracePeriodSeconds: 60, containers: [{ name: 'main', image: 'stubborn' }] });
    await h.advance(5000);
    await h.api.delete('Pod', 'default', 'stub');
    await h.advance(2000);
    expect(h.api.tryGet('Pod', 'default', 'stub')).toBeDefined();
    await h.api.delete('Pod', 'default', 'stub', { gracePeriodSeconds: 3 });
    await h.advance(2000);
    expect(h.api.tryGet('Pod', 'default', 'stub')).toBeUndefined();
  });

  it('lets a pod with a finalizer stay Terminating (terminal phase, grace period 0) until the finalizer goes', async () => {
    h = await RuntimeHarness.start();
    await h.createPod('fin', { containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'] }] }, { finalizers: ['kit.dev/test'] });
    await h.advance(5000);
    await h.api.delete('Pod', 'default', 'fin');
    await h.settle();
    expect(h.pod('fin').metadata.deletionGracePeriodSeconds).toBe(0);
    expect(h.pod('fin').status.phase).toBe('Failed');
    await h.api.removeFinalizer('Pod', 'default', 'fin', 'kit.dev/test');
    expect(h.api.tryGet('Pod', 'default', 'fin')).toBeUndefined();
  });
});

describe('a graceful deletion across a cluster restart', () => {
  afterEach(() => {
    unregisterImage('stubborn');
  });

  it('is finished by the new kubelet: the pod Terminating when the cluster stopped is deleted after the start', async () => {
    registerImage({ name: 'stubborn', description: 'ignores SIGTERM', example: '', run: () => new Promise<number>(() => {}) });
    const home = tempHome();
    const clock = new ManualClock(Date.UTC(2024, 0, 1));
    let cluster = await EmbeddedCluster.start({ clock, home });
    await cluster.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stub', namespace: 'default' }, spec: { terminationGracePeriodSeconds: 600, containers: [{ name: 'main', image: 'stubborn' }] } });
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      await cluster.controllers.idle();
    }
    await cluster.api.delete('Pod', 'default', 'stub');
    await cluster.controllers.idle();
    expect(cluster.api.get('Pod', 'default', 'stub').metadata.deletionGracePeriodSeconds).toBe(600);
    await cluster.stop();
    cluster = await EmbeddedCluster.start({ clock, home });
    try {
      for (let i = 0; i < 5 && cluster.api.tryGet('Pod', 'default', 'stub'); i++) await cluster.controllers.idle();
      expect(cluster.api.tryGet('Pod', 'default', 'stub')).toBeUndefined();
    } finally {
      await cluster.stop();
    }
  });
});
