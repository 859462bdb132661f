/**
 * Runs `worker` in up to N parallel loops. With a fixed concurrency it starts N loops. Without one it
 * ramps: start with one loop, and double the loops after every window in which throughput rose by
 * more than 5 % (the window after a doubling only settles), and always up to 8 loops; then two windows
 * without that gain stop the ramp. This finds the knee of the curve
 * Little's law predicts (throughput = in-flight × batch ÷ round-trip time, until the endpoint
 * saturates), whatever the round-trip time is: 1 ms on the embedded endpoint, 20–50 ms on real SQS.
 */
export interface PoolOptions {
  concurrency?: number;
  maxConcurrency?: number;
  /** The ramp doubles up to this many loops whatever the windows say (default 8). */
  minConcurrency?: number;
  /** One unit of work; resolves false when there is nothing left to do. */
  worker: () => Promise<boolean>;
  /** Completed units so far (messages), for the ramp's throughput windows. */
  progress: () => number;
  windowMs?: number;
}

export interface PoolResult {
  /** The loops that were running at the end (the ramp's choice when it was automatic). */
  concurrency: number;
  auto: boolean;
}

export async function runPool(opts: PoolOptions): Promise<PoolResult> {
  const max = opts.maxConcurrency ?? 256;
  const auto = opts.concurrency === undefined;
  let stop = false;
  const loops: Promise<void>[] = [];
  const spawn = () => {
    loops.push(
      (async () => {
        while (!stop) if (!(await opts.worker())) stop = true;
      })(),
    );
  };
  const initial = auto ? 1 : Math.min(opts.concurrency!, max);
  for (let i = 0; i < initial; i++) spawn();
  if (auto) {
    const windowMs = opts.windowMs ?? 300;
    let last = opts.progress();
    let best = 0;
    let flat = 0;
    let settling = false;
    const floor = Math.min(max, opts.minConcurrency ?? 8);
    const timer = setInterval(() => {
      if (stop) return;
      const now = opts.progress();
      const rate = now - last;
      last = now;
      // The window right after a doubling mixes old and new loops (and their connection set-up):
      // judging it made the ramp stop at 2 on a busy machine.
      if (settling) {
        settling = false;
        return;
      }
      // Below the floor, a flat window is noise more often than the knee (too few loops cost far
      // more than a few extra requests in flight), so the ramp goes on.
      const grew = rate > best * 1.05;
      if (grew) best = rate;
      if (grew || loops.length < floor) {
        flat = 0;
        const target = Math.min(max, loops.length * 2);
        while (loops.length < target) spawn();
        settling = true;
      } else if (++flat >= 2) clearInterval(timer);
    }, windowMs);
    // Wait for all loops, including those spawned while waiting.
    for (let i = 0; i < loops.length; i++) await loops[i];
    clearInterval(timer);
  } else {
    await Promise.all(loops);
  }
  return { concurrency: loops.length, auto };
}
