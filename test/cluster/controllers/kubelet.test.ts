import { afterEach, describe, expect, it } from 'vitest';
import { registerImage, unregisterImage } from '../../../src/cluster/images';
import { RuntimeHarness } from './runtime-helpers';

let h: RuntimeHarness;
afterEach(async () => {
  await h?.stop();
});

const busybox = (command: string[], extra: Record<string, unknown> = {}) => ({ containers: [{ name: 'main', image: 'busybox:1.36', command }], ...extra });

describe('kubelet', () => {
  it('pulls, runs and completes a busybox pod that echoes, with its log, events and status', async () => {
    h = await RuntimeHarness.start();
    await h.createPod('hello', busybox(['sh', '-c', 'echo hello from $HOSTNAME'], { restartPolicy: 'Never' }));
    expect(h.pod('hello').status.containerStatuses[0].state.waiting.reason).toBe('ContainerCreating');
    await h.advance(5000);
    const p = h.pod('hello');
    expect(p.status.phase).toBe('Succeeded');
    expect(p.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(p.status.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
    expect(h.logs('hello', 'main')).toBe('hello from hello');
    const ev = h.events('hello');
    expect(ev).toContain(`Normal Scheduled: Successfully assigned default/hello to ${p.spec.nodeName}`);
    expect(ev).toContain('Normal Pulling: Pulling image "busybox:1.36"');
    expect(ev.some((e) => /^Normal Pulled: Successfully pulled image "busybox:1.36" in \d+\.\d{3}s/.test(e))).toBe(true);
    expect(ev).toContain('Normal Created: Created container: main');
    expect(ev).toContain('Normal Started: Started container main');
    const conds = Object.fromEntries((p.status.conditions as Array<{ type: string; status: string; reason?: string }>).map((c) => [c.type, `${c.status}${c.reason ? `:${c.reason}` : ''}`]));
    expect(conds).toEqual({ PodReadyToStartContainers: 'True', Initialized: 'True', Ready: 'False:PodCompleted', ContainersReady: 'False:PodCompleted', PodScheduled: 'True' });
  });

  it('lists each pod\'s events in the order they happened: Scheduled before Pulling (as kubectl describe shows them)', async () => {
    h = await RuntimeHarness.start();
    const names = Array.from({ length: 8 }, (_, i) => `order-${i}`);
    for (const n of names) await h.createPod(n, busybox(['true'], { restartPolicy: 'Never' }));
    await h.advance(5000);
    for (const n of names) expect(h.events(n).map((e) => e.split(':')[0]).slice(0, 2)).toEqual(['Normal Scheduled', 'Normal Pulling']);
  });

  it('fails a Never pod with the exit code of `exit 3`', async () => {
    h = await RuntimeHarness.start();
    await h.createPod('three', busybox(['sh', '-c', 'exit 3'], { restartPolicy: 'Never' }));
    await h.advance(5000);
    expect(h.pod('three').status.phase).toBe('Failed');
    expect(h.pod('three').status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
  });

  it('restarts an Always pod with CrashLoopBackOff: immediately, then after 10 s, 20 s', async () => {
    h = await RuntimeHarness.start();
    await h.createPod('crash', busybox(['sh', '-c', 'exit 1']));
    await h.advance(4000);
    const st = () => h.pod('crash').status.containerStatuses[0];
    expect(st().restartCount).toBe(1);
    expect(st().state.waiting).toMatchObject({ reason: 'CrashLoopBackOff' });
    expect(st().state.waiting.message).toMatch(/^back-off 10s restarting failed container=main pod=crash_default\(/);
    expect(st().lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(h.pod('crash').status.phase).toBe('Running');
    await h.advance(10_000);
    expect(st().restartCount).toBe(2);
    expect(st().state.waiting.message).toMatch(/^back-off 20s/);
    await h.advance(10_000);
    expect(st().restartCount).toBe(2);
    await h.advance(10_000);
    expect(st().restartCount).toBe(3);
    expect(h.events('crash').some((e) => e.startsWith('Warning BackOff: Back-off restarting failed container main in pod crash_default('))).toBe(true);
  });

  it('OnFailure restarts a failing container but not a succeeding one', async () => {
    h = await RuntimeHarness.start();
    await h.createPod('ok', busybox(['sh', '-c', 'echo done'], { restartPolicy: 'OnFailure' }));
    await h.advance(5000);
    expect(h.pod('ok').status.phase).toBe('Succeeded');
    expect(h.pod('ok').status.containerStatuses[0].restartCount).toBe(0);
  });

  it('reports ErrImagePull, then ImagePullBackOff, for an image the kit does not have', async () => {
    h = await RuntimeHarness.start();
    await h.createPod('nope', { containers: [{ name: 'main', image: 'no-such-image:1.0' }] });
    const waiting = () => h.pod('nope').status.containerStatuses[0].state.waiting;
    expect(waiting().reason).toBe('ErrImagePull');
    expect(waiting().message).toContain('Failed to pull image "no-such-image:1.0"');
    await h.advance(2000);
    expect(waiting().reason).toBe('ImagePullBackOff');
    expect(h.pod('nope').status.phase).toBe('Pending');
    const ev = h.events('nope');
    expect(ev.some((e) => e.startsWith('Warning Failed: Failed to pull image "no-such-image:1.0"') && e.includes('kit images'))).toBe(true);
    expect(ev).toContain('Warning Failed: Error: ErrImagePull');
    expect(ev).toContain('Normal BackOff: Back-off pulling image "no-such-image:1.0"');
  });

  it('runs init containers first, in order, then the app container', async () => {
    h = await RuntimeHarness.start();
    await h.createPod('init', {
      restartPolicy: 'Never',
      initContainers: [
        { name: 'first', image: 'busybox', command: ['sh', '-c', 'echo one'] },
        { name: 'second', image: 'busybox', command: ['sh', '-c', 'sleep 5; echo two'] },
      ],
      containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo main'] }],
    });
    const states = () => h.pod('init').status.initContainerStatuses.map((c: any) => Object.keys(c.state)[0]);
    for (let i = 0; i < 20 && states()[1] !== 'running'; i++) await h.advance(1000);
    expect(states()).toEqual(['terminated', 'running']);
    expect(h.pod('init').status.phase).toBe('Pending');
    expect(h.pod('init').status.containerStatuses[0].state.waiting.reason).toBe('PodInitializing');
    await h.advance(15_000);
    const started = h.events('init').filter((e) => e.startsWith('Normal Started'));
    expect(started).toEqual(['Normal Started: Started container first', 'Normal Started: Started container second', 'Normal Started: Started container main']);
    expect(h.pod('init').status.phase).toBe('Succeeded');
    expect([h.logs('init', 'first'), h.logs('init', 'second'), h.logs('init', 'main')]).toEqual(['one', 'two', 'main']);
  });

  it('passes env values, fieldRefs, ConfigMap and Secret keys, and $(VAR) references', async () => {
    h = await RuntimeHarness.start();
    await h.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { color: 'blue' } });
    await h.api.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sec', namespace: 'default' }, data: { pw: Buffer.from('s3cret').toString('base64') } });
    await h.createPod('env', busybox(['sh', '-c', 'echo $GREETING $POD $NS $COLOR $PW $APP $KUBERNETES_SERVICE_PORT'], {
      restartPolicy: 'Never',
      containers: [{
        name: 'main', image: 'busybox', command: ['sh', '-c', 'echo $GREETING $POD $NS $COLOR $PW $APP $KUBERNETES_SERVICE_PORT'],
        env: [
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'GREETING', value: 'hi-$(POD)' },
          { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'color' } } },
          { name: 'PW', valueFrom: { secretKeyRef: { name: 'sec', key: 'pw' } } },
          { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        ],
      }],
    }), { labels: { app: 'demo' } });
    await h.advance(5000);
    expect(h.logs('env', 'main')).toBe('hi-env env default blue s3cret demo 443');
  });

  it('waits with CreateContainerConfigError while a referenced ConfigMap is missing', async () => {
    h = await RuntimeHarness.start();
    await h.createPod('cfgless', { containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'], env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'missing', key: 'k' } } }] }] });
    await h.advance(5000);
    expect(h.pod('cfgless').status.containerStatuses[0].state.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "missing" not found' });
  });

  it('shows a running nginx pod as Running and ready, and stops it on delete', async () => {
    h = await RuntimeHarness.start();
    await h.createPod('web', { containers: [{ name: 'nginx', image: 'nginx:1.27' }] });
    await h.advance(5000);
    const p = h.pod('web');
    expect(p.status.phase).toBe('Running');
    expect(p.status.containerStatuses[0]).toMatchObject({ ready: true, started: true, restartCount: 0 });
    expect(p.status.conditions.find((c: any) => c.type === 'Ready').status).toBe('True');
    await h.api.delete('Pod', 'default', 'web');
    await h.settle();
    expect(h.api.tryGet('Pod', 'default', 'web')).toBeUndefined();
  });

  it('kills with SIGTERM, records Killing, and the pod with a finalizer ends terminal', async () => {
    h = await RuntimeHarness.start();
    await h.createPod('fin', busybox(['sleep', '3600']), { finalizers: ['kit.dev/test'] });
    await h.advance(5000);
    expect(h.pod('fin').status.phase).toBe('Running');
    await h.api.delete('Pod', 'default', 'fin');
    await h.advance(1000);
    const p = h.pod('fin');
    expect(p.status.containerStatuses[0].state.terminated.exitCode).toBe(143);
    expect(p.status.phase).toBe('Failed');
    expect(h.events('fin')).toContain('Normal Killing: Stopping container main');
  });
});

describe('kubelet: a workload that ignores SIGTERM', () => {
  afterEach(() => {
    unregisterImage('stubborn');
  });

  it('is killed with SIGKILL (exit 137) after terminationGracePeriodSeconds', async () => {
    registerImage({ name: 'stubborn', description: 'ignores SIGTERM', example: '', run: () => new Promise<number>(() => {}) });
    h = await RuntimeHarness.start();
    await h.createPod('stub', { terminationGracePeriodSeconds: 5, containers: [{ name: 'main', image: 'stubborn' }] }, { finalizers: ['kit.dev/test'] });
    await h.advance(5000);
    expect(h.pod('stub').status.phase).toBe('Running');
    await h.api.delete('Pod', 'default', 'stub');
    await h.advance(3000);
    expect(h.pod('stub').status.containerStatuses[0].state.running).toBeDefined();
    await h.advance(3000);
    expect(h.pod('stub').status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });
});

describe('scheduler', () => {
  it('schedules a pending pod once another pod frees room', async () => {
    h = await RuntimeHarness.start();
    const big = { containers: [{ name: 'main', image: 'nginx', resources: { requests: { cpu: '3' } } }] };
    for (const n of ['a', 'b', 'c', 'd']) await h.createPod(n, big);
    expect(['a', 'b', 'c', 'd'].filter((n) => !h.pod(n).spec.nodeName)).toEqual(['d']);
    await h.api.delete('Pod', 'default', 'a');
    await h.settle();
    expect(h.pod('d').spec.nodeName).toBeDefined();
    expect(h.pod('d').status.conditions.find((c: any) => c.type === 'PodScheduled').status).toBe('True');
  });

  it('leaves a pod requesting 100 CPUs Pending with FailedScheduling and PodScheduled=False', async () => {
    h = await RuntimeHarness.start();
    await h.createPod('huge', { containers: [{ name: 'main', image: 'nginx', resources: { requests: { cpu: '100' } } }] });
    const p = h.pod('huge');
    expect(p.spec.nodeName).toBeUndefined();
    expect(p.status.phase).toBe('Pending');
    const cond = p.status.conditions.find((c: any) => c.type === 'PodScheduled');
    expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(cond.message).toContain('Insufficient cpu');
    expect(h.events('huge')).toEqual([`Warning FailedScheduling: ${cond.message}`]);
  });

  it('leaves pods for another scheduler alone', async () => {
    h = await RuntimeHarness.start();
    await h.createPod('other', { schedulerName: 'fargate-scheduler', containers: [{ name: 'main', image: 'nginx' }] });
    expect(h.pod('other').spec.nodeName).toBeUndefined();
    expect(h.events('other')).toEqual([]);
  });
});
