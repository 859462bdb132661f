import { describe, expect, it } from 'vitest';
import { estimateSqsCost } from '../../src/finops';

describe('estimateSqsCost', () => {
  it('bills a batch of 10 × 10 KB (100 KB) as 2 requests, for send and for receive', () => {
    const c = estimateSqsCost({ messages: 1000, bodyBytes: 10 * 1024, batchSize: 10, freeTierRemaining: 0 });
    expect(c).toMatchObject({ sendRequests: 200, receiveRequests: 200, deleteRequests: 100, billedRequests: 500 });
    expect(c.usd).toBeCloseTo((500 / 1e6) * 0.4, 12);
  });
  it('bills a batch of 10 × 1 KB as 1 request', () => {
    expect(estimateSqsCost({ messages: 10, bodyBytes: 1024, batchSize: 10 }).sendRequests).toBe(1);
  });
  it('bills the last partial batch by its own size', () => {
    // 10 × 10 KB → 2 requests; 5 × 10 KB = 50 KB → 1 request
    expect(estimateSqsCost({ messages: 15, bodyBytes: 10 * 1024, batchSize: 10 }).sendRequests).toBe(3);
  });
  it('takes the free tier off first: the 1.2 M-message load test (600,000 requests) is free in a fresh month', () => {
    const c = estimateSqsCost({ messages: 1_200_000, bodyBytes: 10 * 1024, batchSize: 10 });
    expect(c.billedRequests).toBe(600_000);
    expect(c.chargeableRequests).toBe(0);
    expect(c.usd).toBe(0);
  });
  it('prices FIFO at $0.50 per million and counts retries and empty receives', () => {
    const c = estimateSqsCost({ messages: 1_200_000, bodyBytes: 10 * 1024, batchSize: 10, fifo: true, freeTierRemaining: 0, receivesPerMessage: 2, emptyReceives: 50_000 });
    // send 240,000 + receive 480,000 + delete 120,000 + empty 50,000
    expect(c.billedRequests).toBe(890_000);
    expect(c.usd).toBeCloseTo(0.445, 10);
  });
  it('single sends without batching: one request per message', () => {
    const c = estimateSqsCost({ messages: 3_000_000, bodyBytes: 200, batchSize: 1, freeTierRemaining: 1_000_000 });
    expect(c.billedRequests).toBe(9_000_000);
    expect(c.usd).toBeCloseTo(8 * 0.4, 10);
  });
  it('rejects a batch of 11 with a hint', () => {
    expect(() => estimateSqsCost({ messages: 1, bodyBytes: 1, batchSize: 11 })).toThrow(/batch size must be 1–10/);
  });
});
