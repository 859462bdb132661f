import { UserError } from '../../cli/errors';
import { pullImage } from './catalog';
import type { ContainerContext } from './types';

/**
 * Runs one container outside the cluster, on the real clock: for a notebook that wants to see
 * what an image prints before putting it in a Job, and as a small example of what the kubelet does.
 */

export interface RunContainerOptions {
  image: string;
  command?: string[];
  args?: string[];
  env?: Record<string, string>;
  hostname?: string;
  /** Aborting it kills the container (like `kubectl delete pod`). */
  signal?: AbortSignal;
}

export interface ContainerRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** True when the container was killed; exitCode is then 137 (SIGKILL), as the runtime reports it. */
  killed: boolean;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The container was killed', 'AbortError');
}

export async function runContainer(opts: RunContainerOptions): Promise<ContainerRun> {
  const pulled = pullImage(opts.image);
  if (!pulled.ok) throw new UserError(pulled.message, { hint: 'run `kit images` to see the images the kit has, or registerImage() your own' });
  const controller = new AbortController();
  opts.signal?.addEventListener('abort', () => controller.abort(opts.signal?.reason), { once: true });
  if (opts.signal?.aborted) controller.abort(opts.signal.reason);
  const signal = controller.signal;
  let stdout = '';
  let stderr = '';
  const ctx: ContainerContext = {
    image: opts.image,
    command: opts.command,
    args: opts.args,
    env: { ...opts.env },
    hostname: opts.hostname ?? 'local',
    podName: opts.hostname ?? 'local',
    namespace: 'default',
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    sleep: (ms) => new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(abortError(signal));
      // A sleep "forever" (sleep infinity, nginx) only ends when the container is killed.
      const timer = Number.isFinite(ms) ? setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, Math.min(ms, 2 ** 31 - 1)) : undefined;
      const onAbort = () => { if (timer) clearTimeout(timer); reject(abortError(signal)); };
      signal.addEventListener('abort', onAbort, { once: true });
    }),
    now: () => new Date(),
    signal,
  };
  try {
    const exitCode = await pulled.image.run(ctx);
    return { exitCode, stdout, stderr, killed: false };
  } catch (e) {
    if (signal.aborted) return { exitCode: 137, stdout, stderr, killed: true };
    throw e;
  }
}
