import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitRoot } from '../../../src/env/paths';
import { kubectlWith, until } from '../e2e-helpers';
import { tempHome } from '../helpers';

// The cluster in its own process (as `kit start` runs it) and a "kernel" in another, sharing an image.
const dist = path.join(kitRoot, 'dist');
const home = tempHome('kit-share-');
const kubectl = kubectlWith(path.join(home, 'kubeconfig'));
const children: ChildProcess[] = [];

/** What a notebook cell would run: share a TypeScript workload, then stay alive as a kernel does. */
const kernelScript = `
const { shareImage } = require(${JSON.stringify(path.join(dist, 'cluster', 'images'))});
shareImage({
  name: 'kit-test/greeter', description: 'greets, then waits', example: 'kit-test/greeter',
  async run(ctx) {
    ctx.stdout('hello ' + ctx.env.WHO + ' from ' + ctx.podName + '\\n');
    const before = ctx.now().getTime();
    try { await ctx.sleep(Number(ctx.env.SLEEP_MS || 10000)); } catch { ctx.stdout('got SIGTERM, cleaning up\\n'); return 0; }
    ctx.stdout('slept ' + Math.round((ctx.now().getTime() - before) / 1000) + ' virtual seconds\\n');
    return 0;
  },
}, { home: ${JSON.stringify(home)} }).then((r) => console.log('shared: ' + r.message), (e) => { console.error(e.message); process.exit(1); });
setInterval(() => {}, 1 << 30);
`;

function startChild(args: string[], ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (c: Buffer) => {
      out += c;
      const m = ready.exec(out);
      if (m) resolve({ child, match: m });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${args[0]} exited with ${code}: ${out}`)));
  });
}

const pod = (name: string, env: Record<string, string>, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
${extra}spec:
  restartPolicy: Never
  containers:
  - name: main
    image: kit-test/greeter
    env: ${JSON.stringify(Object.entries(env).map(([k, v]) => ({ name: k, value: v })))}
`;
const phase = async (name: string) => (await kubectl(['get', 'pod', name, '-o', 'jsonpath={.status.phase}'])).stdout;

let kernel: ChildProcess;
beforeAll(async () => {
  execFileSync(process.execPath, [path.join(kitRoot, 'bin', 'kit.js'), 'build', '--if-stale'], { stdio: 'ignore' });
  await startChild([path.join(dist, 'cluster', 'server-main.js'), '--home', home, '--port', '0', '--speed', '20'], /^ready (\S+)$/m);
  const k = await startChild(['-e', kernelScript], /^shared: (.*)$/m);
  kernel = k.child;
  expect(k.match[1]).toMatch(/^image "kit-test\/greeter" runs in the kit cluster at https:\/\/127\.0\.0\.1:\d+ while this kernel runs$/);
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('an image a notebook kernel shares with the kit cluster process', () => {
  it('runs a pod: kubectl logs shows its output, on the cluster\'s virtual clock, and it Completes', async () => {
    await kubectl(['apply', '-f', '-'], pod('greet', { WHO: 'kubectl' }));
    await until('Succeeded', async () => (await phase('greet')) === 'Succeeded', 30_000);
    const [hello, slept] = (await kubectl(['logs', 'greet'])).stdout.split('\n');
    expect(hello).toBe('hello kubectl from greet');
    // 10 virtual seconds are half a real one at speed 20 (a kernel on real time would take 200 of the
    // cluster's); the kernel's clock and the cluster's agree that at least 10 passed.
    expect(Number(/^slept (\d+) virtual seconds$/.exec(slept)![1])).toBeGreaterThanOrEqual(10);
    const t = JSON.parse((await kubectl(['get', 'pod', 'greet', '-o', 'jsonpath={.status.containerStatuses[0].state.terminated}'])).stdout);
    const seconds = (Date.parse(t.finishedAt) - Date.parse(t.startedAt)) / 1000;
    expect(seconds).toBeGreaterThanOrEqual(9); // timestamps have whole seconds
    expect(seconds).toBeLessThan(150);
    expect((await kubectl(['get', 'pod', 'greet', '--no-headers'])).stdout).toMatch(/^greet\s+0\/1\s+Completed\s+0\s+\d+s\n$/);
  });

  it('passes kubectl delete\'s SIGTERM to the workload in the kernel', async () => {
    await kubectl(['apply', '-f', '-'], pod('long', { WHO: 'x', SLEEP_MS: '3600000' }, '  finalizers: [kit.dev/keep]\n'));
    await until('Running', async () => (await phase('long')) === 'Running', 30_000);
    expect((await kubectl(['delete', 'pod', 'long', '--wait=false'])).stdout.trim()).toBe('pod "long" deleted');
    await until('Succeeded', async () => (await phase('long')) === 'Succeeded', 30_000);
    expect((await kubectl(['logs', 'long'])).stdout).toBe('hello x from long\ngot SIGTERM, cleaning up\n');
    await kubectl(['patch', 'pod', 'long', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
  });

  it('goes to ErrImagePull once the kernel has stopped, with an event that says so', async () => {
    const pid = kernel.pid;
    await new Promise((r) => { kernel.on('exit', r); kernel.kill('SIGKILL'); });
    await kubectl(['apply', '-f', '-'], pod('after', { WHO: 'y' }));
    const events = await until('the Failed event', async () => {
      const out = (await kubectl(['get', 'events', '--field-selector', 'involvedObject.name=after', '-o', 'jsonpath={range .items[*]}{.message}{"\\n"}{end}'])).stdout;
      return out.includes('has stopped') ? out : undefined;
    }, 30_000);
    expect(events).toContain(`Failed to pull image "kit-test/greeter": the notebook kernel (pid ${pid}) that registered image "kit-test/greeter" has stopped; run the notebook cell that registers it again, or use an image \`kit images\` lists`);
    expect((await kubectl(['get', 'pod', 'after', '-o', 'jsonpath={.status.containerStatuses[0].state.waiting.reason}'])).stdout).toMatch(/^(ErrImagePull|ImagePullBackOff)$/);
    const images = execFileSync(process.execPath, [path.join(kitRoot, 'bin', 'kit.js'), 'images'], { env: { ...process.env, KIT_HOME: home }, encoding: 'utf8' });
    expect(images).toMatch(new RegExp(`^kit-test/greeter\\s+unavailable: the notebook kernel \\(pid ${pid}\\) that registered image "kit-test/greeter" has stopped;`, 'm'));
  });
});
