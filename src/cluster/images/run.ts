import { UserError } from '../../cli/errors';
import { VirtualClock, type Clock } from '../clock';
import { pullImage } from './catalog';
import type { ContainerContext, Image } from './types';

/**
 * Runs one container outside the cluster, on the real clock: for a notebook that wants to see
 * what an image prints before putting it in a Job, and as a small example of what the kubelet does.
 * A notebook's kernel also runs its shared images this way for the `kit start` cluster (share.ts).
 */

export interface RunContainerOptions {
  image: string;
  command?: string[];
  args?: string[];
  env?: Record<string, string>;
  hostname?: string;
  podName?: string;
  namespace?: string;
  /** Aborting it kills the container (like `kubectl delete pod`). */
  signal?: AbortSignal;
  /** The clock sleeps and now() follow; real time by default. */
  clock?: Clock;
  /** Called with each piece of output as it is written (it is collected in the result too). */
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
}

export interface ContainerRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** True when the container was killed; exitCode is then 137 (SIGKILL), as the runtime reports it. */
  killed: boolean;
}

function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const onAbort = () => reject(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

export async function runContainer(opts: RunContainerOptions): Promise<ContainerRun> {
  const pulled = pullImage(opts.image);
  if (!pulled.ok) throw new UserError(pulled.message, { hint: 'run `kit images` to see the images the kit has, or registerImage() your own' });
  return runImage(pulled.image, opts);
}

/** Runs a given Image (no catalog lookup): `opts.image` is only the reference the container sees. */
export async function runImage(image: Image, opts: RunContainerOptions): Promise<ContainerRun> {
  const controller = new AbortController();
  opts.signal?.addEventListener('abort', () => controller.abort(opts.signal?.reason), { once: true });
  if (opts.signal?.aborted) controller.abort(opts.signal.reason);
  const signal = controller.signal;
  const clock = opts.clock ?? new VirtualClock();
  const out = { stdout: '', stderr: '' };
  const write = (stream: 'stdout' | 'stderr') => (t: string) => {
    out[stream] += t;
    opts.onOutput?.(stream, t);
  };
  const ctx: ContainerContext = {
    image: opts.image,
    command: opts.command,
    args: opts.args,
    env: { ...opts.env },
    hostname: opts.hostname ?? 'local',
    podName: opts.podName ?? opts.hostname ?? 'local',
    namespace: opts.namespace ?? 'default',
    stdout: write('stdout'),
    stderr: write('stderr'),
    // A sleep "forever" (sleep infinity, nginx) only ends when the container is killed.
    sleep: (ms) => (ms / clock.speed < 2 ** 31 - 1 ? clock.sleep(ms, signal) : untilAborted(signal)),
    now: () => new Date(clock.now()),
    signal,
  };
  try {
    const exitCode = await image.run(ctx);
    return { exitCode, ...out, killed: false };
  } catch (e) {
    if (signal.aborted) return { exitCode: 137, ...out, killed: true };
    throw e;
  }
}
