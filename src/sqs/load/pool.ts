/**
 * Runs `worker` in up to N parallel loops. With a fixed concurrency it starts N loops. Without one it
 * ramps: start with one loop, and double the loops after every window in which throughput rose by
 * more than 5 %; two windows without that gain stop the ramp. This finds the knee of the curve
 * Little's law predicts (throughput = in-flight × batch ÷ round-trip time, until the endpoint
 * saturates), whatever the round-trip time is: 1 ms on the embedded endpoint, 20–50 ms on real SQS.
 */
export interface PoolOptions {
  concurrency?: number;
  maxConcurrency?: number;
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
    const timer = setInterval(() => {
      if (stop) return;
      const now = opts.progress();
      const rate = now - last;
      last = now;
      if (rate > best * 1.05) {
        best = rate;
        flat = 0;
        const target = Math.min(max, loops.length * 2);
        while (loops.length < target) spawn();
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
