/**
 * The cluster's virtual clock. Every timestamp an object carries, every controller timer and every
 * workload sleep reads this clock, so `kit cluster start --speed 10` makes a 10 s Job backoff take
 * one real second while `kubectl get` still prints AGE 10s.
 */
export interface TimerHandle {
  /** Opaque; pass it back to clearTimeout. */
  readonly id: number;
}

export interface Clock {
  /** Virtual time, epoch milliseconds. */
  now(): number;
  /** 1 = real time; 10 = ten virtual seconds per real second. */
  readonly speed: number;
  /** Calls fn after `ms` of virtual time. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
  /** Resolves after `ms` of virtual time; rejects with an AbortError if the signal fires first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** RFC 3339 with second precision, as Kubernetes writes metav1.Time. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** MicroTime (events.k8s.io eventTime, lease renewTime): microsecond precision. */
export function rfc3339Micro(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function abortError(): Error {
  const e = new Error('The operation was aborted');
  e.name = 'AbortError';
  return e;
}

/** Shared sleep on top of any clock's setTimeout. */
function sleepOn(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(abortError());
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface VirtualClockOptions {
  speed?: number;
  /** Virtual time at creation; defaults to the real time. */
  start?: number;
}

/** The longest delay Node's setTimeout takes (2^31-1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Real timers scaled by `speed`: virtual time = start + (real elapsed) × speed. */
export class VirtualClock implements Clock {
  readonly speed: number;
  private virtualStart: number;
  private readonly realStart: number;
  private nextId = 1;
  private readonly timers = new Map<number, NodeJS.Timeout>();

  constructor(opts: VirtualClockOptions = {}) {
    const speed = opts.speed ?? 1;
    if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`clock speed must be a positive number, got ${speed}`);
    this.speed = speed;
    this.realStart = performance.now();
    this.virtualStart = opts.start ?? Date.now();
  }

  now(): number {
    return this.virtualStart + (performance.now() - this.realStart) * this.speed;
  }

  /**
   * Moves the clock forward to `t` if it is behind (never back). A restarted cluster resumes from
   * the time its state was last written, so nothing it stored lies in the future. Call it before
   * arming timers: armed ones keep their real-time delay.
   */
  resumeFrom(t: number | undefined): void {
    const behind = (t ?? -Infinity) - this.now();
    if (behind > 0) this.virtualStart += behind;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.arm(id, fn, this.now() + Math.max(0, ms));
    return { id };
  }

  /** Node fires a timer longer than 2^31-1 ms at once: a far one (a yearly CronJob) waits in steps. */
  private arm(id: number, fn: () => void, at: number): void {
    const wait = Math.max(0, at - this.now()) / this.speed;
    const t = setTimeout(() => {
      if (wait > MAX_TIMER_MS) return this.arm(id, fn, at);
      this.timers.delete(id);
      fn();
    }, Math.min(wait, MAX_TIMER_MS));
    // A pending controller timer should not keep a finished test or CLI alive.
    t.unref();
    this.timers.set(id, t);
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (!handle) return;
    const t = this.timers.get(handle.id);
    if (t) clearTimeout(t);
    this.timers.delete(handle.id);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }
}

/**
 * A clock that only moves when told to (`advance`). Tests and notebooks use it to replay a
 * schedule deterministically: timers fire in due order, each seeing `now()` equal to its due time.
 */
export class ManualClock implements Clock {
  readonly speed = 1;
  private time: number;
  private nextId = 1;
  private readonly due = new Map<number, { at: number; fn: () => void }>();

  constructor(start = Date.UTC(2024, 0, 1)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.due.set(id, { at: this.time + Math.max(0, ms), fn });
    return { id };
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle) this.due.delete(handle.id);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** Number of timers still waiting. */
  get pending(): number {
    return this.due.size;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.due) {
        if (entry[1].at <= target && (!next || entry[1].at < next[1].at || (entry[1].at === next[1].at && entry[0] < next[0]))) next = entry;
      }
      if (!next) break;
      this.due.delete(next[0]);
      this.time = Math.max(this.time, next[1].at);
      next[1].fn();
    }
    this.time = target;
  }
}
