import { describe, expect, it } from 'vitest';
import { creationOrder, parseSqsConfig } from '../../src/sqs/endpoint/config';

describe('sqs.yaml', () => {
  it('accepts names as strings or mappings and orders every DLQ before its source', () => {
    const c = parseSqsConfig({ queues: [{ name: 'orders', dlq: 'orders-dlq', maxReceiveCount: 3 }, 'orders-dlq', 'audit'], latency: { fixedMs: 20 } });
    expect(creationOrder(c.queues).map((q) => q.name)).toEqual(['orders-dlq', 'orders', 'audit']);
    expect(c.latency).toEqual({ fixedMs: 20 });
  });
  it('names the entry that is wrong', () => {
    expect(() => parseSqsConfig({ queues: [{ name: 'a', dlq: 'missing' }] }, 'sqs.yaml')).toThrow('sqs.yaml: queue a: its dlq missing is not declared in the file');
    expect(() => parseSqsConfig({ queues: [{ name: 'a', maxReceiveCount: 0 }] })).toThrow('maxReceiveCount must be 1–1000');
    expect(() => parseSqsConfig({ queues: [{ name: 'bad name' }] })).toThrow('queue #1');
  });
  it('rejects DLQ cycles', () => {
    const c = parseSqsConfig({ queues: [{ name: 'a', dlq: 'b' }, { name: 'b', dlq: 'a' }] });
    expect(() => creationOrder(c.queues)).toThrow('the DLQs form a cycle: a → b → a');
  });
});
