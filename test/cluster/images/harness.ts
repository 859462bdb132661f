import type { ContainerContext } from '../../../src/cluster/images';

/** A container context on a fake clock: sleeps return at once and advance `now`. */
export function fakeContainer(over: Partial<ContainerContext> & { controller?: AbortController } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const controller = over.controller ?? new AbortController();
  let t = Date.parse('2026-11-23T09:22:03Z');
  const slept: number[] = [];
  const ctx: ContainerContext = {
    image: 'busybox',
    env: {},
    hostname: 'demo-pod',
    podName: 'demo-pod',
    namespace: 'default',
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    sleep: async (ms) => {
      controller.signal.throwIfAborted();
      if (!Number.isFinite(ms)) {
        // "forever": wait for the kill
        await new Promise((_, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }));
      }
      slept.push(ms);
      t += ms;
    },
    now: () => new Date(t),
    signal: controller.signal,
    ...over,
  };
  return { ctx, controller, slept, stdout: () => out.join(''), stderr: () => err.join('') };
}
