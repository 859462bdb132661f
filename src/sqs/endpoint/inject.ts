import type { IncomingMessage, ServerResponse } from 'node:http';

/** Added round-trip time: every SQS request waits `fixedMs` plus a uniform 0…`jitterMs` before it is served. */
export interface LatencySpec {
  fixedMs?: number;
  jitterMs?: number;
}

/** Fault rates, each the chance (0–1) that one SQS request gets that fault instead of an answer. */
export interface FaultSpec {
  /** 400 RequestThrottled, the AWS JSON 1.0 error the SDK classifies as throttling and retries. */
  throttleRate?: number;
  /** 500 InternalError, a transient server error the SDK retries. */
  errorRate?: number;
  /** The TCP connection is closed without an answer (ECONNRESET / socket hang up); the SDK retries. */
  dropRate?: number;
}

export interface InjectedCounts {
  /** Every SQS API request the endpoint received, injection on or off (counted by the server's hook). */
  requests: number;
  throttled: number;
  errors5xx: number;
  dropped: number;
}

/** Seeded, so a fault pattern can be replayed with the same --seed. */
import { rng as seededRandom } from '../../util/random';
export { seededRandom };

function checkRate(name: string, v: number | undefined): number {
  const r = v ?? 0;
  if (!(r >= 0 && r <= 1)) throw new RangeError(`${name} must be between 0 and 1, got ${v}`);
  return r;
}

/**
 * Decides, per SQS request, whether to delay it and whether to answer with a fault. It runs as a
 * Fastify onRequest hook in front of fauxqs's handlers, so the request never reaches the store
 * when it is faulted (as with a real throttled request, nothing is sent or deleted).
 */
export class Injector {
  latency: Required<LatencySpec> = { fixedMs: 0, jitterMs: 0 };
  faults: Required<FaultSpec> = { throttleRate: 0, errorRate: 0, dropRate: 0 };
  readonly counts: InjectedCounts = { requests: 0, throttled: 0, errors5xx: 0, dropped: 0 };
  private random: () => number;

  constructor(opts: { latency?: LatencySpec; faults?: FaultSpec; seed?: number } = {}) {
    this.random = opts.seed === undefined ? Math.random : seededRandom(opts.seed);
    this.setLatency(opts.latency ?? {});
    this.setFaults(opts.faults ?? {});
  }

  setLatency(l: LatencySpec): void {
    const fixedMs = l.fixedMs ?? 0;
    const jitterMs = l.jitterMs ?? 0;
    if (!(fixedMs >= 0) || !(jitterMs >= 0)) throw new RangeError('latency and jitter must be ≥ 0 ms');
    this.latency = { fixedMs, jitterMs };
  }

  setFaults(f: FaultSpec): void {
    const faults = { throttleRate: checkRate('throttle rate', f.throttleRate), errorRate: checkRate('5xx rate', f.errorRate), dropRate: checkRate('drop rate', f.dropRate) };
    if (faults.throttleRate + faults.errorRate + faults.dropRate > 1) throw new RangeError('the fault rates add up to more than 1');
    this.faults = faults;
  }

  get active(): boolean {
    const { fixedMs, jitterMs } = this.latency;
    const { throttleRate, errorRate, dropRate } = this.faults;
    return fixedMs + jitterMs + throttleRate + errorRate + dropRate > 0;
  }

  /** Delay, then either return false (serve normally) or answer/close the request and return true. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const { fixedMs, jitterMs } = this.latency;
    const delay = fixedMs + (jitterMs ? this.random() * jitterMs : 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const { throttleRate, errorRate, dropRate } = this.faults;
    const roll = this.random();
    if (roll < throttleRate) {
      this.counts.throttled++;
      // AWS JSON 1.0 error; the query-compatible header carries the bare code, so the SDK names the
      // error RequestThrottled, which @smithy/core's THROTTLING_ERROR_CODES lists (retried, with backoff).
      sendError(res, 400, 'RequestThrottled', 'Sender', 'Rate exceeded (injected by kit sqs start)');
      return true;
    }
    if (roll < throttleRate + errorRate) {
      this.counts.errors5xx++;
      sendError(res, 500, 'InternalError', 'Receiver', 'Internal error (injected by kit sqs start)');
      return true;
    }
    if (roll < throttleRate + errorRate + dropRate) {
      this.counts.dropped++;
      req.socket.destroy();
      return true;
    }
    return false;
  }
}

function sendError(res: ServerResponse, status: number, code: string, fault: string, message: string): void {
  const body = JSON.stringify({ __type: `com.amazonaws.sqs#${code}`, message });
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(body),
    'x-amzn-query-error': `${code};${fault}`,
    'x-amzn-requestid': 'kit-injected',
  });
  res.end(body);
}
