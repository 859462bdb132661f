/**
 * Container logs. The kubelet writes each container's output here; `kubectl logs` (the pod /log
 * subresource) reads it, or follows it until the container exits. Each container keeps its
 * current run and the previous one (`kubectl logs --previous`), bounded in size.
 */
export interface LogLine {
  /** Virtual time the line was written (for --timestamps and --since). */
  time: number;
  text: string;
}

interface ContainerLog {
  lines: LogLine[];
  /** Output after the last newline. */
  partial: string;
  bytes: number;
  running: boolean;
  previous?: LogLine[];
  followers: Set<Follower>;
}

interface Follower {
  onLine(line: LogLine): void;
  onEnd(): void;
}

export interface ReadOptions {
  previous?: boolean;
  tailLines?: number;
  sinceTime?: number;
  limitBytes?: number;
}

const MAX_BYTES_PER_CONTAINER = 2 * 1024 * 1024;

export class LogSink {
  private readonly logs = new Map<string, ContainerLog>();

  constructor(private readonly now: () => number) {}

  private key(namespace: string, pod: string, container: string): string {
    return `${namespace}/${pod}/${container}`;
  }

  /** A container (re)starts: the last run becomes `previous`. */
  start(namespace: string, pod: string, container: string): void {
    const k = this.key(namespace, pod, container);
    const old = this.logs.get(k);
    if (old) this.flushPartial(old);
    this.logs.set(k, { lines: [], partial: '', bytes: 0, running: true, previous: old ? old.lines : undefined, followers: old?.followers ?? new Set() });
  }

  /** Appends output (any chunking; lines are split on \n). */
  write(namespace: string, pod: string, container: string, text: string): void {
    const k = this.key(namespace, pod, container);
    let log = this.logs.get(k);
    if (!log) {
      this.start(namespace, pod, container);
      log = this.logs.get(k)!;
    }
    const parts = (log.partial + text).split('\n');
    log.partial = parts.pop() ?? '';
    for (const text of parts) this.push(log, { time: this.now(), text });
  }

  /** The container exited: followers get the rest and end. */
  finish(namespace: string, pod: string, container: string): void {
    const log = this.logs.get(this.key(namespace, pod, container));
    if (!log) return;
    this.flushPartial(log);
    log.running = false;
    for (const f of log.followers) f.onEnd();
    log.followers.clear();
  }

  /** Forgets a pod's logs (the pod was deleted). */
  removePod(namespace: string, pod: string): void {
    const prefix = `${namespace}/${pod}/`;
    for (const [k, log] of this.logs) {
      if (!k.startsWith(prefix)) continue;
      for (const f of log.followers) f.onEnd();
      this.logs.delete(k);
    }
  }

  has(namespace: string, pod: string, container: string): boolean {
    return this.logs.has(this.key(namespace, pod, container));
  }

  isRunning(namespace: string, pod: string, container: string): boolean {
    return this.logs.get(this.key(namespace, pod, container))?.running ?? false;
  }

  read(namespace: string, pod: string, container: string, opts: ReadOptions = {}): LogLine[] | undefined {
    const log = this.logs.get(this.key(namespace, pod, container));
    if (!log) return undefined;
    let lines = opts.previous ? log.previous : [...log.lines, ...(log.partial ? [{ time: this.now(), text: log.partial }] : [])];
    if (!lines) return undefined;
    if (opts.sinceTime !== undefined) lines = lines.filter((l) => l.time >= opts.sinceTime!);
    if (opts.tailLines !== undefined && opts.tailLines >= 0) lines = lines.slice(Math.max(0, lines.length - opts.tailLines));
    return lines;
  }

  /** Calls onLine for each new line until the container exits or the returned stop is called. */
  follow(namespace: string, pod: string, container: string, onLine: (l: LogLine) => void, onEnd: () => void): () => void {
    const log = this.logs.get(this.key(namespace, pod, container));
    if (!log || !log.running) {
      onEnd();
      return () => undefined;
    }
    const f: Follower = { onLine, onEnd };
    log.followers.add(f);
    return () => log.followers.delete(f);
  }

  private flushPartial(log: ContainerLog): void {
    if (log.partial) this.push(log, { time: this.now(), text: log.partial });
    log.partial = '';
  }

  private push(log: ContainerLog, line: LogLine): void {
    log.lines.push(line);
    log.bytes += line.text.length + 1;
    // Like the kubelet's log rotation: drop the oldest lines past the limit.
    while (log.bytes > MAX_BYTES_PER_CONTAINER && log.lines.length > 1) log.bytes -= log.lines.shift()!.text.length + 1;
    for (const f of log.followers) f.onLine(line);
  }
}
