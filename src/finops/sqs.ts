import { UserError } from '../cli/errors';
import { sqsPrices } from './prices';

export interface SqsCostInput {
  /** Messages sent. */
  messages: number;
  /** Body size of each message, bytes. */
  bodyBytes: number;
  /** Messages per SendMessageBatch / ReceiveMessage / DeleteMessageBatch call (1–10). */
  batchSize: number;
  /** How often each message is received before it is deleted (retries, visibility timeouts). Default 1. */
  receivesPerMessage?: number;
  /** ReceiveMessage calls that returned nothing; they are billed too. Default 0. */
  emptyReceives?: number;
  fifo?: boolean;
  /** Free-tier requests still unused this month. Default 1,000,000; pass 0 to ignore the free tier. */
  freeTierRemaining?: number;
}

export interface SqsCost {
  sendRequests: number;
  receiveRequests: number;
  deleteRequests: number;
  emptyReceives: number;
  /** All billed requests, before the free tier. */
  billedRequests: number;
  freeTierUsed: number;
  chargeableRequests: number;
  pricePerMillion: number;
  usd: number;
}

/** Billed requests for `calls` batch calls carrying `n` messages of `bodyBytes` in total: one per 64 KB chunk, at least one per call. */
function chunkedRequests(n: number, bodyBytes: number, batchSize: number): number {
  const full = Math.floor(n / batchSize);
  const rest = n % batchSize;
  const per = (k: number) => Math.max(1, Math.ceil((k * bodyBytes) / sqsPrices.chunkBytes));
  return full * per(batchSize) + (rest ? per(rest) : 0);
}

/**
 * What a run of SQS traffic costs: sends and receives are billed per 64 KB chunk of payload (a batch
 * of ≤ 10 messages is one request per chunk), deletes are one request per batch, empty receives are
 * billed, and the monthly free tier comes off first. (aws.amazon.com/sqs/pricing; facts: sqs-finops.md)
 */
export function estimateSqsCost(input: SqsCostInput): SqsCost {
  const { messages, bodyBytes, batchSize } = input;
  const receives = input.receivesPerMessage ?? 1;
  const empty = input.emptyReceives ?? 0;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > sqsPrices.maxBatch)
    throw new UserError(`batch size must be 1–10, got ${batchSize}`, { hint: 'SQS batches hold at most 10 messages' });
  if (!(messages >= 0) || !(bodyBytes >= 0) || !(receives >= 0) || !(empty >= 0))
    throw new UserError('messages, body size, receives and empty receives must be ≥ 0');
  const sendRequests = chunkedRequests(messages, bodyBytes, batchSize);
  const receiveRequests = chunkedRequests(Math.round(messages * receives), bodyBytes, batchSize);
  const deleteRequests = Math.ceil(messages / batchSize);
  const billedRequests = sendRequests + receiveRequests + deleteRequests + empty;
  const freeTierUsed = Math.min(billedRequests, Math.max(0, input.freeTierRemaining ?? sqsPrices.freeTierRequestsPerMonth));
  const chargeableRequests = billedRequests - freeTierUsed;
  const pricePerMillion = input.fifo ? sqsPrices.fifoPerMillion : sqsPrices.standardPerMillion;
  return { sendRequests, receiveRequests, deleteRequests, emptyReceives: empty, billedRequests, freeTierUsed, chargeableRequests, pricePerMillion, usd: (chargeableRequests / 1e6) * pricePerMillion };
}
