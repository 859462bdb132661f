import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { runCluster, type RunningCluster } from '../../../src/cluster/run';
import { pullImage, registerImage, shareImage, unregisterImage } from '../../../src/cluster/images';
import { remoteImage } from '../../../src/cluster/images/remote';
import type { Image } from '../../../src/cluster/images';
import { until } from '../e2e-helpers';
import { tempHome } from '../helpers';

type Json = Record<string, any>;

/** Prints its greeting, sleeps 10 virtual seconds, reports them; on SIGTERM says so and exits 0. */
const greeter: Image = {
  name: 'kit-test/greeter',
  description: 'greets, then waits',
  example: 'kit-test/greeter',
  async run(ctx) {
    ctx.stdout(`hello ${ctx.env.WHO} from ${ctx.podName}\n`);
    const before = ctx.now().getTime();
    try {
      await ctx.sleep(Number(ctx.env.SLEEP_MS ?? 10_000));
    } catch {
      ctx.stdout('got SIGTERM, cleaning up\n');
      return 0;
    }
    ctx.stderr(`slept ${Math.round((ctx.now().getTime() - before) / 1000)} virtual seconds\n`);
    return 3;
  },
};

let running: RunningCluster | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
  unregisterImage(greeter.name);
});

const podOf = (name: string) => running!.cluster.api.tryGet('Pod', 'default', name) as (Json & { status: Json }) | undefined;
const logOf = (name: string) => (running!.cluster.api.logs.read('default', name, 'main') ?? []).map((l) => l.text).join('\n');

async function createPod(name: string, env: Record<string, string>, meta: Json = {}): Promise<void> {
  await running!.cluster.api.create({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...meta },
    spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: greeter.name, env: Object.entries(env).map(([k, v]) => ({ name: k, value: v })) }] },
  });
}

describe('shareImage: a kernel\'s image in the kit cluster', () => {
  it('says so when no kit cluster runs, and the image still runs in this process', async () => {
    const r = await shareImage(greeter, { home: tempHome() });
    expect(r).toEqual({ name: 'kit-test/greeter', message: 'no kit cluster is running (start one with `kit start`): image "kit-test/greeter" runs in clusters inside this kernel only' });
    expect(pullImage('kit-test/greeter').ok).toBe(true);
  });

  it('runs the container through the kernel\'s endpoint: output, exit code, on the cluster\'s virtual clock', async () => {
    const home = tempHome();
    running = await runCluster({ home, port: 0, speed: 20 });
    const r = await shareImage(greeter, { home });
    expect(r.cluster).toBe(running.info.url);
    expect(r.message).toBe(`image "kit-test/greeter" runs in the kit cluster at ${running.info.url} while this kernel runs`);
    await createPod('greet', { WHO: 'notebook' });
    await until('the pod to finish', () => ['Succeeded', 'Failed'].includes(podOf('greet')?.status.phase), 20_000);
    expect(podOf('greet')!.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    const [hello, slept] = logOf('greet').split('\n');
    expect(hello).toBe('hello notebook from greet');
    // 10 virtual seconds at speed 20 (a kernel on real time would take 200 of the cluster's).
    expect(Number(/^slept (\d+) virtual seconds$/.exec(slept)![1])).toBeGreaterThanOrEqual(10);
    const t = podOf('greet')!.status.containerStatuses[0].state.terminated;
    const seconds = (Date.parse(t.finishedAt) - Date.parse(t.startedAt)) / 1000;
    expect(seconds).toBeGreaterThanOrEqual(9);
    expect(seconds).toBeLessThan(150);
  });

  it('passes SIGTERM on to the workload when the pod is deleted', async () => {
    const home = tempHome();
    running = await runCluster({ home, port: 0, speed: 20 });
    await shareImage(greeter, { home });
    await createPod('long', { WHO: 'x', SLEEP_MS: '3600000' }, { finalizers: ['kit.dev/test'] });
    await until('Running', () => podOf('long')?.status.phase === 'Running', 20_000);
    await running.cluster.api.delete('Pod', 'default', 'long');
    await until('the pod to end', () => podOf('long')?.status.phase === 'Succeeded', 20_000);
    expect(logOf('long')).toBe('hello x from long\ngot SIGTERM, cleaning up');
    await running.cluster.api.removeFinalizer('Pod', 'default', 'long', 'kit.dev/test');
  });

  it('cannot be pulled once the kernel that registered it is gone (ErrImagePull says why)', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const img = remoteImage({ name: 'kit-test/greeter', description: 'd', example: 'e', endpoint: 'http://127.0.0.1:9', token: 't', pid: dead }, 1);
    registerImage(img);
    expect(pullImage('kit-test/greeter:latest')).toEqual({
      ok: false, reason: 'ErrImagePull',
      message: `Failed to pull image "kit-test/greeter:latest": the notebook kernel (pid ${dead}) that registered image "kit-test/greeter" has stopped; run the notebook cell that registers it again, or use an image \`kit images\` lists`,
    });
  });
});
