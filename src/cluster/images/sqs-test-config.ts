import { parseArgs } from 'node:util';

/**
 * The settings of the `sqs-test` image: flags win over environment variables, which win over the
 * defaults. The seed's container read none (its queues and counts were written in send.py); a pod
 * spec sets these instead, and the kit's manifests fill SQS_ENDPOINT in.
 */
export interface SqsTestSettings {
  endpoint: string;
  queues: string[];
  messages?: number;
  size: number;
  batch: number;
  concurrency?: number;
  idleSec: number;
  waitSec?: number;
  createQueues: boolean;
  /** prime-worker: the work-item queue and where results go (the pod log when unset). */
  queue: string;
  resultsQueue?: string;
}

/** The kit's embedded endpoint on its default port, as `kit start` and `kit sqs start` print it. */
export const DEFAULT_SQS_ENDPOINT = 'http://127.0.0.1:4566';
/** The seed's four queues. */
export const SEED_QUEUES = ['linuxer-sqs-1', 'linuxer-sqs-2', 'linuxer-sqs-3', 'linuxer-sqs-4'];

/** Flag, environment variable, and what it means: the image's documentation and its parser in one table. */
export const SETTINGS = [
  { flag: 'endpoint', env: 'SQS_ENDPOINT', help: `SQS endpoint URL (default ${DEFAULT_SQS_ENDPOINT})` },
  { flag: 'queues', env: 'QUEUES', help: `comma-separated queues (default ${SEED_QUEUES.join(',')})` },
  { flag: 'messages', env: 'MESSAGES', help: 'send: messages this pod sends (default 1000); receive: stop after this many' },
  { flag: 'size', env: 'SIZE', help: 'body bytes (default 10240)' },
  { flag: 'batch', env: 'BATCH', help: 'messages per batch call, 1-10 (default 10)' },
  { flag: 'concurrency', env: 'CONCURRENCY', help: 'requests in flight (default: ramped automatically)' },
  { flag: 'idle', env: 'IDLE', help: 'receive: stop when the queues stayed empty this many seconds (default 5)' },
  { flag: 'wait', env: 'WAIT', help: 'long-poll seconds, 0-20 (default: the idle time, at most 20)' },
  { flag: 'create-queues', env: 'CREATE_QUEUES', help: 'create missing queues (true/false, default false)' },
  { flag: 'queue', env: 'QUEUE', help: 'prime-worker: the work-item queue (default primes-work)' },
  { flag: 'results-queue', env: 'RESULTS_QUEUE', help: 'prime-worker: queue for the primes (default: print them to the log)' },
] as const;

/** A setting the pod spec got wrong: the container logs the message and exits 1. */
export class SettingError extends Error {}

function number(name: string, text: string | undefined, { min, max, integer = true }: { min: number; max?: number; integer?: boolean }): number | undefined {
  if (text === undefined || text === '') return undefined;
  const v = Number(text);
  if (!Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || (max !== undefined && v > max))
    throw new SettingError(`${name}=${JSON.stringify(text)} must be ${integer ? 'a whole number' : 'a number'} ≥ ${min}${max !== undefined ? ` and ≤ ${max}` : ''}`);
  return v;
}

/** Reads argv after the subcommand (`--messages 100 …`) and the container's environment. */
export function readSettings(args: string[], env: Record<string, string>): SqsTestSettings {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args, options: Object.fromEntries(SETTINGS.map((s) => [s.flag, { type: 'string' as const }])), strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new SettingError(`${(e as Error).message.split('\n')[0]} (flags: ${SETTINGS.map((s) => `--${s.flag}`).join(' ')})`);
  }
  const get = (flag: string): [string, string | undefined] => {
    const s = SETTINGS.find((x) => x.flag === flag)!;
    const v = values[flag];
    return typeof v === 'string' ? [`--${flag}`, v] : [s.env, env[s.env]];
  };
  const num = (flag: string, o: { min: number; max?: number; integer?: boolean }) => number(...get(flag), o);
  const [queuesName, queuesText] = get('queues');
  const queues = queuesText ? queuesText.split(',').map((q) => q.trim()).filter(Boolean) : SEED_QUEUES;
  if (!queues.length || queues.some((q) => !/^[A-Za-z0-9_-]{1,80}(\.fifo)?$/.test(q))) throw new SettingError(`${queuesName}=${JSON.stringify(queuesText)} must be comma-separated queue names (letters, digits, - and _)`);
  const [createName, createText] = get('create-queues');
  if (createText !== undefined && !/^(true|false|1|0|)$/i.test(createText)) throw new SettingError(`${createName}=${JSON.stringify(createText)} must be true or false`);
  const [endpointName, endpoint = DEFAULT_SQS_ENDPOINT] = get('endpoint');
  if (!/^https?:\/\/\S+$/.test(endpoint)) throw new SettingError(`${endpointName}=${JSON.stringify(endpoint)} must be an http:// or https:// URL, like ${DEFAULT_SQS_ENDPOINT}`);
  return {
    endpoint,
    queues,
    messages: num('messages', { min: 1 }),
    size: num('size', { min: 1 }) ?? 10 * 1024,
    batch: num('batch', { min: 1, max: 10 }) ?? 10,
    concurrency: num('concurrency', { min: 1 }),
    idleSec: num('idle', { min: 0, integer: false }) ?? 5,
    waitSec: num('wait', { min: 0, max: 20 }),
    createQueues: /^(true|1)$/i.test(createText ?? ''),
    queue: get('queue')[1] || 'primes-work',
    resultsQueue: get('results-queue')[1] || undefined,
  };
}
