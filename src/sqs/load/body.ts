/**
 * Message bodies: a small JSON header the consumer reads (run id, sequence number, send time,
 * poison flag) padded to the requested size. The padding is one shared string, so building a 10 KB
 * body costs a concatenation, not 10 K random characters (the seed's random_string did that).
 */
export interface BodyHeader {
  run: string;
  seq: number;
  /** Send time, ms since the epoch (performance.timeOrigin + now(), sub-ms). */
  t: number;
  poison: boolean;
}

/** SQS's own limit since 4 Aug 2025 (256 KiB before): 1 MiB per message and per batch. */
export const MAX_BODY_BYTES = 1024 * 1024;

let pad = '';
function padding(n: number): string {
  if (pad.length < n) pad = 'x'.repeat(Math.max(n, 2 * pad.length));
  return pad.slice(0, n);
}

export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export function headerLength(run: string, seq: number, t: number, poison: boolean): number {
  return `{"r":"${run}","s":${seq},"t":${t.toFixed(3)},"p":${poison ? 1 : 0},"x":""}`.length;
}

/** The smallest --size that fits the header (run ids are 8 characters). */
export const MIN_BODY_BYTES = headerLength('00000000', 1e9, 1e13, false);

/** A body is head + padding + '"}'; the head is the only part that varies. */
function bodyParts(run: string, seq: number, size: number, poison: boolean, t: number): { head: string; pad: string } {
  const head = `{"r":"${run}","s":${seq},"t":${t.toFixed(3)},"p":${poison ? 1 : 0},"x":"`;
  return { head, pad: padding(Math.max(0, size - head.length - 2)) };
}

export function makeBody(run: string, seq: number, size: number, poison = false, t = nowMs()): string {
  const { head, pad } = bodyParts(run, seq, size, poison, t);
  return head + pad + '"}';
}

let padBytes = Buffer.alloc(0);
function paddingBytes(n: number): Buffer {
  if (padBytes.length < n) padBytes = Buffer.from(padding(n));
  return padBytes.subarray(0, n);
}

/**
 * The SendMessageBatch request document for makeBody messages (Ids "0".."n-1"), exactly as
 * JSON.stringify would write it, as bytes: only each small head is escaped and encoded; the padding
 * needs no escaping and is copied from one shared buffer. A string of the same document cost the
 * HTTP write about twice the CPU (flattening and encoding 100 KB per request).
 */
export function batchRequestBody(queueUrl: string, run: string, firstSeq: number, size: number, poison: boolean[], t: number): Buffer {
  const parts: Buffer[] = [Buffer.from(`{"QueueUrl":${JSON.stringify(queueUrl)},"Entries":[`)];
  for (let i = 0; i < poison.length; i++) {
    const { head, pad } = bodyParts(run, firstSeq + i, size, poison[i], t);
    parts.push(Buffer.from(`${i ? ',' : ''}{"Id":"${i}","MessageBody":${JSON.stringify(head).slice(0, -1)}`), paddingBytes(pad.length), Buffer.from('\\"}"}'));
  }
  parts.push(Buffer.from(']}'));
  return Buffer.concat(parts);
}

const HEADER = /^\{"r":"([^"]*)","s":(\d+),"t":([\d.]+),"p":([01])/;

/** Reads the header without parsing the padding; undefined for bodies the kit did not write. */
export function parseBody(body: string | undefined): BodyHeader | undefined {
  const m = body ? HEADER.exec(body.slice(0, 96)) : null;
  if (!m) return undefined;
  return { run: m[1], seq: Number(m[2]), t: Number(m[3]), poison: m[4] === '1' };
}

