import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../env/atomic';
import { kitHome } from '../../env/paths';
import type { InjectedCounts } from '../endpoint/inject';
import type { Percentiles, TimelinePoint } from './stats';

export interface LossAccounting {
  sent: number;
  /** Processed once each (this run's messages). */
  received: number;
  /** Messages that arrived in the DLQs during the run. */
  dlq: number;
  /** Still in the source queues (visible or in flight) at the end and not handled yet. */
  remaining: number;
  /**
   * Also still queued, but copies of messages already handled: a delete that comes after the
   * visibility timeout uses a stale receipt handle and may remove nothing (at-least-once), so the
   * message is delivered again. The queue cannot tell them apart without receiving them, so the
   * queued messages count as unhandled up to sent − received − DLQ and the rest as handled copies.
   */
  handledCopies: number;
  /** sent − received − DLQ − remaining: messages that vanished. Must be 0. */
  lost: number;
}

/** Loss accounting from what the run counted and what is left in the queues (`queued`, visible or in flight). */
export function lossAccounting(sent: number, received: number, dlq: number, queued: number): LossAccounting {
  const unhandled = Math.max(0, sent - received - dlq);
  const remaining = Math.min(queued, unhandled);
  return { sent, received, dlq, remaining, handledCopies: queued - remaining, lost: unhandled - remaining };
}

export interface LoadReport {
  mode: 'send' | 'receive' | 'run';
  runId: string;
  endpoint: string;
  queues: string[];
  /** auto: some side ramped its own concurrency; in run mode autoProducer/autoConsumer say which. */
  settings: { batch: number; size?: number; concurrency: { producer?: number; consumer?: number; auto: boolean; autoProducer?: boolean; autoConsumer?: boolean }; rate?: number };
  durationSec: number;
  sent: number;
  sendFailed: number;
  received: number;
  duplicates: number;
  handlerFailures: number;
  /** Messages ReceiveMessage returned, redeliveries included. */
  deliveries: number;
  dlqDepth?: number;
  /** Null when there is no known number of sent messages to account for (receive without --expect). */
  accounting: LossAccounting | null;
  throughput: { sendPerSec: number; receivePerSec: number };
  latencyMs: { send?: Percentiles; receive?: Percentiles; delete?: Percentiles; endToEnd?: Percentiles };
  requests: { send: number; receive: number; emptyReceives: number; delete: number; attempts: number };
  /** Attempts the SDK repeated (attempts − calls): throttling, 5xx and dropped connections it absorbed. */
  retries: number;
  /** Every failed attempt by error type, retried or not. */
  errorsByType: Record<string, number>;
  /** Calls that still failed after the retries, by type. */
  failedCalls: Record<string, number>;
  stoppedBy?: string;
  crashed?: boolean;
  injected?: InjectedCounts;
  cpuSeconds: number;
  msgPerCpuSecond: number;
  peakRssMB: number;
  timeline: TimelinePoint[];
  notes: string[];
}

const n0 = (n: number) => Math.round(n).toLocaleString('en-US');
const lat = (p?: Percentiles) => (p && p.count ? `p50 ${p.p50} ms · p99 ${p.p99} ms · max ${p.max} ms (${n0(p.count)})` : '–');
const byType = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k} ${n0(v)}`).join(', ') || 'none';

/** Which side ramped, and whether the run lasted long enough for the ramp to add loops. */
function rampNote(r: LoadReport): string {
  const c = r.settings.concurrency;
  const sides = (r.mode === 'run' ? [c.autoProducer && 'producer', c.autoConsumer && 'consumer'] : [c.auto && (r.mode === 'send' ? 'producer' : 'consumer')]).filter(
    (s): s is 'producer' | 'consumer' => !!s,
  );
  const notes = sides.map((s) => ((c[s] ?? 1) > 1 ? `${s} ramped to the ceiling` : `${s} automatic, but the run ended before the ramp added loops`));
  return notes.length ? ` (${notes.join('; ')})` : '';
}

/** The plain summary printed when stdout is not a terminal (and after the progress bar when it is). */
export function formatReport(r: LoadReport): string {
  const lines = [
    `kit sqs load ${r.mode}: ${r.queues.join(', ')} at ${r.endpoint} (run ${r.runId})`,
    `  settings     batch ${r.settings.batch}${r.settings.size !== undefined ? `, ${n0(r.settings.size)} B bodies` : ''}, concurrency ${[r.settings.concurrency.producer, r.settings.concurrency.consumer].filter((x) => x !== undefined).join(' / ')}${rampNote(r)}${r.settings.rate ? `, open loop at ${n0(r.settings.rate)} msg/s` : ''}`,
    `  duration     ${r.durationSec.toFixed(2)} s`,
  ];
  if (r.mode !== 'receive') lines.push(`  sent         ${n0(r.sent)} msg (${n0(r.throughput.sendPerSec)} msg/s)${r.sendFailed ? `, ${n0(r.sendFailed)} failed` : ''}`);
  if (r.mode !== 'send') {
    lines.push(`  received     ${n0(r.received)} msg (${n0(r.throughput.receivePerSec)} msg/s), duplicates ${n0(r.duplicates)}, handler failures ${n0(r.handlerFailures)}`);
    lines.push(`  deliveries   ${n0(r.deliveries)} (messages ReceiveMessage returned, redeliveries included)`);
    if (r.dlqDepth !== undefined) lines.push(`  DLQ depth    ${n0(r.dlqDepth)}`);
  }
  if (r.accounting) {
    const a = r.accounting;
    lines.push(`  lost         ${n0(a.lost)} = sent ${n0(a.sent)} − received ${n0(a.received)} − DLQ ${n0(a.dlq)} − still queued ${n0(a.remaining)}${a.lost > 0 ? '  ← messages vanished' : ''}`);
    if (a.handledCopies > 0)
      lines.push(`  also queued  ${n0(a.handledCopies)} copies of handled messages: handling took longer than the visibility timeout, so their deletes came too late and SQS delivers them again (not lost; raise --visibility)`);
  }
  if (r.latencyMs.send) lines.push(`  send         ${lat(r.latencyMs.send)}`);
  if (r.latencyMs.receive) lines.push(`  receive      ${lat(r.latencyMs.receive)}`);
  if (r.latencyMs.endToEnd) lines.push(`  end-to-end   ${lat(r.latencyMs.endToEnd)}`);
  lines.push(`  requests     ${n0(r.requests.send)} send, ${n0(r.requests.receive)} receive (${n0(r.requests.emptyReceives)} empty), ${n0(r.requests.delete)} delete; ${n0(r.retries)} retries`);
  lines.push(`  errors       ${byType(r.errorsByType)}${Object.keys(r.failedCalls).length ? `; failed after retries: ${byType(r.failedCalls)}` : ''}`);
  lines.push(`  tester       ${r.cpuSeconds.toFixed(2)} CPU-s, ${n0(r.msgPerCpuSecond)} msg per CPU-second, peak RSS ${n0(r.peakRssMB)} MB`);
  for (const note of r.notes) lines.push(`  note         ${note}`);
  return lines.join('\n');
}

/** Timeline as CSV (one row per second), the shape the notebook plots. */
export function timelineCsv(r: LoadReport): string {
  return ['t_s,sent_msgs,received_msgs,errors', ...r.timeline.map((p) => `${p.t},${p.sent},${p.received},${p.errors}`)].join('\n') + '\n';
}

/** A results file read back: the report (.json) as written. */
export function readResults(jsonFile: string): LoadReport {
  return JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as LoadReport;
}

/** A results CSV read back as timeline points (what the notebook plots). */
export function readTimelineCsv(csvFile: string): TimelinePoint[] {
  const [, ...rows] = fs.readFileSync(csvFile, 'utf8').trim().split('\n');
  return rows.map((row) => {
    const [t, sent, received, errors] = row.split(',').map(Number);
    return { t, sent, received, errors };
  });
}

/** Writes <dir>/sqs-<mode>-<time>-<run>.json and .csv (dir: --out, or <kit home>/results). */
export function writeResults(r: LoadReport, dir = path.join(kitHome(), 'results')): { json: string; csv: string } {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const base = path.join(path.resolve(dir), `sqs-${r.mode}-${stamp}-${r.runId}`);
  const out = { json: `${base}.json`, csv: `${base}.csv` };
  writeFileAtomic(out.json, JSON.stringify(r, null, 2) + '\n');
  writeFileAtomic(out.csv, timelineCsv(r));
  return out;
}
