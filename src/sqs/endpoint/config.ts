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
    return d;
  });
  const names = new Set(queues.map((q) => q.name));
  for (const q of queues) {
    if (q.dlq !== undefined && !names.has(q.dlq)) throw fail(`queue ${q.name}: its dlq ${q.dlq} is not declared in the file`);
    if (q.dlq === q.name) throw fail(`queue ${q.name}: a queue cannot be its own DLQ`);
  }
  return { port: r.port as number | undefined, queues, latency: r.latency as LatencySpec | undefined, faults: r.faults as FaultSpec | undefined, seed: r.seed as number | undefined };
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
