import fs from 'node:fs';
import YAML from 'yaml';
import { UserError } from '../../cli/errors';
import type { FaultSpec, LatencySpec } from './inject';

/** One queue in sqs.yaml. `dlq` names another queue; messages move there after `maxReceiveCount` receives. */
export interface QueueDecl {
  name: string;
  visibilityTimeout?: number;
  dlq?: string;
  maxReceiveCount?: number;
  /** Any other SQS queue attribute, passed through as is (e.g. MessageRetentionPeriod). */
  attributes?: Record<string, string>;
}

/** The endpoint's config file (.kit/sqs.yaml by default). */
export interface SqsConfig {
  port?: number;
  queues: QueueDecl[];
  latency?: LatencySpec;
  faults?: FaultSpec;
  seed?: number;
}

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}(\.fifo)?$/;

// Numeric queue attributes and their ranges (CreateQueue in the SQS API reference); fauxqs would
// answer an out-of-range value with an error the SDK throws, in the middle of start-up.
const ATTRIBUTE_RANGES: Record<string, [number, number, string]> = {
  DelaySeconds: [0, 900, 'seconds'],
  MaximumMessageSize: [1024, 1048576, 'bytes'],
  MessageRetentionPeriod: [60, 1209600, 'seconds'],
  ReceiveMessageWaitTimeSeconds: [0, 20, 'seconds'],
  VisibilityTimeout: [0, 43200, 'seconds'],
};

function checkAttributes(q: QueueDecl, fail: (msg: string) => UserError): Record<string, string> | undefined {
  if (q.attributes === undefined) return undefined;
  if (typeof q.attributes !== 'object' || q.attributes === null || Array.isArray(q.attributes)) throw fail(`queue ${q.name}: attributes must be a mapping of SQS attribute names to values`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q.attributes as Record<string, unknown>)) {
    if (!['string', 'number', 'boolean'].includes(typeof v)) throw fail(`queue ${q.name}: attribute ${k} must be a string, number or boolean`);
    const range = ATTRIBUTE_RANGES[k];
    if (range && !(Number.isInteger(Number(v)) && Number(v) >= range[0] && Number(v) <= range[1]))
      throw fail(`queue ${q.name}: ${k} must be a whole number ${range[0]}–${range[1]} (${range[2]}), got ${v}`);
    out[k] = String(v);
  }
  return out;
}

const isShare = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 1;

/** `latency: 20` (fixed ms) or `latency: { fixedMs: 20, jitterMs: 5 }`. */
function checkLatency(v: unknown, fail: (msg: string) => UserError): LatencySpec | undefined {
  if (v === undefined || v === null) return undefined;
  const spec = typeof v === 'number' ? { fixedMs: v } : v;
  if (typeof spec !== 'object' || Array.isArray(spec)) throw fail('latency must be a number of ms or { fixedMs: 20, jitterMs: 5 }');
  const l = spec as Record<string, unknown>;
  for (const k of Object.keys(l)) if (k !== 'fixedMs' && k !== 'jitterMs') throw fail(`latency: unknown key ${k} (fixedMs, jitterMs)`);
  for (const k of ['fixedMs', 'jitterMs']) if (l[k] !== undefined && !(typeof l[k] === 'number' && Number.isFinite(l[k]) && (l[k] as number) >= 0)) throw fail(`latency.${k} must be a number of ms ≥ 0, got ${l[k]}`);
  return l as LatencySpec;
}

function checkFaults(v: unknown, fail: (msg: string) => UserError): FaultSpec | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw fail('faults must be a mapping, e.g. { throttleRate: 0.05, errorRate: 0.01, dropRate: 0.01 }');
  const f = v as Record<string, unknown>;
  let sum = 0;
  for (const [k, r] of Object.entries(f)) {
    if (!['throttleRate', 'errorRate', 'dropRate'].includes(k)) throw fail(`faults: unknown key ${k} (throttleRate, errorRate, dropRate)`);
    if (!isShare(r)) throw fail(`faults.${k} must be a share between 0 and 1 (0.05 is 5 %), got ${r}`);
    sum += r as number;
  }
  if (sum > 1) throw fail(`the fault rates add up to ${sum}, more than 1`);
  return f as FaultSpec;
}

/** Validates a parsed config; every mistake names the file and the entry. */
export function parseSqsConfig(raw: unknown, where = 'sqs config'): SqsConfig {
  const fail = (msg: string) => new UserError(`${where}: ${msg}`, { hint: 'See `kit sqs start --help` for the file format.' });
  if (raw === null || raw === undefined) return { queues: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw fail('expected a mapping with a `queues:` list');
  const r = raw as Record<string, unknown>;
  const list = r.queues ?? [];
  if (!Array.isArray(list)) throw fail('`queues` must be a list');
  const queues: QueueDecl[] = list.map((q, i) => {
    const d: QueueDecl = typeof q === 'string' ? { name: q } : (q as QueueDecl);
    if (!d || typeof d.name !== 'string' || !QUEUE_NAME.test(d.name)) throw fail(`queue #${i + 1}: a name of 1–80 letters, digits, - or _ is required`);
    if (d.maxReceiveCount !== undefined && !(Number.isInteger(d.maxReceiveCount) && d.maxReceiveCount >= 1 && d.maxReceiveCount <= 1000))
      throw fail(`queue ${d.name}: maxReceiveCount must be 1–1000`); // RedrivePolicy limits (SQS developer guide)
    if (d.visibilityTimeout !== undefined && !(Number.isInteger(d.visibilityTimeout) && d.visibilityTimeout >= 0 && d.visibilityTimeout <= 43200))
      throw fail(`queue ${d.name}: visibilityTimeout must be 0–43200 seconds`);
    return { ...d, attributes: checkAttributes(d, fail) };
  });
  const names = new Set(queues.map((q) => q.name));
  for (const q of queues) {
    if (q.dlq !== undefined && !names.has(q.dlq)) throw fail(`queue ${q.name}: its dlq ${q.dlq} is not declared in the file`);
    if (q.dlq === q.name) throw fail(`queue ${q.name}: a queue cannot be its own DLQ`);
  }
  try {
    creationOrder(queues);
  } catch (e) {
    throw fail((e as Error).message);
  }
  if (r.port !== undefined && !(Number.isInteger(r.port) && (r.port as number) >= 0 && (r.port as number) <= 65535)) throw fail(`port must be a whole number 0–65535, got ${r.port}`);
  if (r.seed !== undefined && !Number.isInteger(r.seed)) throw fail(`seed must be a whole number, got ${r.seed}`);
  return { port: r.port as number | undefined, queues, latency: checkLatency(r.latency, fail), faults: checkFaults(r.faults, fail), seed: r.seed as number | undefined };
}

export function loadSqsConfig(file: string): SqsConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UserError(`cannot read the SQS config ${file}`, { hint: 'Check the path, or leave out --config to start with no queues.' });
  }
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (e) {
    throw new UserError(`${file} is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  return parseSqsConfig(raw, file);
}

/** Queues in creation order: every DLQ before the queues that redrive to it. */
export function creationOrder(queues: QueueDecl[]): QueueDecl[] {
  const byName = new Map(queues.map((q) => [q.name, q]));
  const out: QueueDecl[] = [];
  const seen = new Set<string>();
  const visit = (q: QueueDecl, path: string[]) => {
    if (seen.has(q.name)) return;
    if (path.includes(q.name)) throw new UserError(`the DLQs form a cycle: ${[...path, q.name].join(' → ')}`);
    if (q.dlq) visit(byName.get(q.dlq)!, [...path, q.name]);
    seen.add(q.name);
    out.push(q);
  };
  for (const q of queues) visit(q, []);
  return out;
}
