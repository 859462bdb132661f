import { UserError } from '../../cli/errors';
import { MAX_BODY_BYTES, MIN_BODY_BYTES } from './body';

const int = (v: unknown) => typeof v === 'number' && Number.isInteger(v);

export function checkBatch(batch: number): void {
  if (!int(batch) || batch < 1 || batch > 10)
    throw new UserError(`--batch must be 1–10, got ${batch}: SQS takes at most 10 messages per batch call`, { hint: 'Use --batch 10 and raise --concurrency for more throughput.' });
}

export function checkSize(size: number, batch: number): void {
  if (!int(size) || size < MIN_BODY_BYTES)
    throw new UserError(`--size must be a whole number of bytes ≥ ${MIN_BODY_BYTES} (the kit's id header), got ${size}`, { hint: `Try --size 10240 (the seed's 10 KB).` });
  if (size > MAX_BODY_BYTES)
    throw new UserError(`--size ${size} is over SQS's 1 MiB (${MAX_BODY_BYTES} bytes) message limit`, { hint: 'Use --size 1048576 or less; larger payloads go to S3 with a pointer in the message.' });
  if (size * batch > MAX_BODY_BYTES)
    throw new UserError(`a batch of ${batch} × ${size} bytes is over SQS's 1 MiB limit for a whole batch`, { hint: `Use --batch ${Math.max(1, Math.floor(MAX_BODY_BYTES / size))} or a smaller --size.` });
}

export function checkPositive(flag: string, v: number | undefined, { integer = true, zero = false } = {}): void {
  if (v === undefined) return;
  if (!(typeof v === 'number' && Number.isFinite(v)) || (integer && !int(v)) || (zero ? v < 0 : v <= 0))
    throw new UserError(`${flag} must be ${integer ? 'a whole number' : 'a number'} ${zero ? '≥ 0' : '> 0'}, got ${v}`);
}

export function checkRate01(flag: string, v: number | undefined): void {
  if (v !== undefined && !(v >= 0 && v <= 1)) throw new UserError(`${flag} must be between 0 and 1 (a share), got ${v}`, { hint: `e.g. ${flag} 0.05 for 5 %` });
}

export function checkQueues(queues: string[]): void {
  if (!queues.length || queues.some((q) => !/^[A-Za-z0-9_-]{1,80}(\.fifo)?$/.test(q)))
    throw new UserError(`--queues needs comma-separated queue names (letters, digits, - and _), got "${queues.join(',')}"`, { hint: 'e.g. --queues load-1,load-2,load-3,load-4' });
}

/** A whole number in [min, max] (SQS's own limits), e.g. --visibility 0–43200 s. */
export function checkRange(flag: string, v: number | undefined, min: number, max: number, why: string): void {
  if (v !== undefined && !(Number.isInteger(v) && v >= min && v <= max)) throw new UserError(`${flag} must be a whole number ${min}–${max}, got ${v}: ${why}`);
}

/** An endpoint the SDK can call: an absolute http(s) URL (a bare host:port makes the SDK throw a TypeError). */
export function checkEndpoint(url: string): void {
  let u: URL | undefined;
  try {
    u = new URL(url);
  } catch {
    u = undefined;
  }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:'))
    throw new UserError(`--endpoint must be an http:// or https:// URL, got "${url}"`, { hint: 'Use http://127.0.0.1:4566 (the embedded endpoint), or the URL `kit sqs start` printed.' });
}
