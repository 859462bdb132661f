import * as hdr from 'hdr-histogram-js';
import { AttemptLog } from '../client';

export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Latencies in microseconds, up to an hour, 3 significant digits (HdrHistogram). */
export class Latency {
  readonly h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, useWebAssembly: false });
  recordMs(ms: number): void {
    this.h.recordValue(Math.max(1, Math.min(3_600_000_000, Math.round(ms * 1000))));
  }
  /** Percentiles in milliseconds. */
  summary(): Percentiles {
    const ms = (us: number) => Math.round(us) / 1000;
    return { count: this.h.totalCount, p50: ms(this.h.getValueAtPercentile(50)), p90: ms(this.h.getValueAtPercentile(90)), p99: ms(this.h.getValueAtPercentile(99)), max: ms(this.h.maxValue), mean: Math.round(this.h.mean) / 1000 };
  }
}

/** Which sequence numbers of a run were processed: one bit each, so a million ids cost 125 KB. */
class BitSet {
  private bits = new Uint8Array(1024);
  has(i: number): boolean {
    const byte = i >>> 3;
    return byte < this.bits.length && (this.bits[byte] & (1 << (i & 7))) !== 0;
  }
  set(i: number): void {
    const byte = i >>> 3;
    if (byte >= this.bits.length) {
      const grown = new Uint8Array(Math.max(byte + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[byte] |= 1 << (i & 7);
  }
}

export interface TimelinePoint {
  /** Seconds since the start. */
  t: number;
  sent: number;
  received: number;
  errors: number;
}

/** Everything one load run counts. Producer and consumer share one instance in run mode. */
export class LoadStats {
  readonly started = performance.now();
  readonly send = new Latency();
  readonly receive = new Latency();
  readonly del = new Latency();
  readonly e2e = new Latency();
  readonly attempts = new AttemptLog();
  sent = 0;
  sendFailed = 0;
  sendCalls = 0;
  /** Messages processed successfully, each id once. */
  received = 0;
  duplicates = 0;
  handlerFailures = 0;
  /** Messages ReceiveMessage returned, redeliveries included. */
  deliveries = 0;
  receiveCalls = 0;
  emptyReceives = 0;
  deleteCalls = 0;
  deleteFailed = 0;
  /** Calls that still failed after the SDK's retries, by error type. */
  readonly failedCalls: Record<string, number> = {};
  private seen = new Map<string, BitSet>();
  private perRun = new Map<string, number>();
  private buckets: TimelinePoint[] = [];

  private bucket(): TimelinePoint {
    const t = Math.floor((performance.now() - this.started) / 1000);
    while (this.buckets.length <= t) this.buckets.push({ t: this.buckets.length, sent: 0, received: 0, errors: 0 });
    return this.buckets[t];
  }
  addSent(n: number): void {
    this.sent += n;
    this.bucket().sent += n;
  }
  addReceived(n: number): void {
    this.received += n;
    this.bucket().received += n;
  }
  failCall(type: string, messages = 0): void {
    this.failedCalls[type] = (this.failedCalls[type] ?? 0) + 1;
    this.bucket().errors++;
    this.sendFailed += messages;
  }
  wasProcessed(run: string, seq: number): boolean {
    return this.seen.get(run)?.has(seq) ?? false;
  }
  markProcessed(run: string, seq: number): void {
    let b = this.seen.get(run);
    if (!b) this.seen.set(run, (b = new BitSet()));
    b.set(seq);
    this.perRun.set(run, (this.perRun.get(run) ?? 0) + 1);
  }
  /** Messages of one producer run processed (once each). */
  receivedOf(run: string): number {
    return this.perRun.get(run) ?? 0;
  }
  timeline(): TimelinePoint[] {
    this.bucket();
    return this.buckets.map((b) => ({ ...b }));
  }
  elapsedSec(): number {
    return (performance.now() - this.started) / 1000;
  }
}
