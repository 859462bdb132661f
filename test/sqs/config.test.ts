import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { creationOrder, parseSqsConfig } from '../../src/sqs/endpoint/config';
import { service } from '../../src/sqs/endpoint';
import { tempDir } from './helpers';

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
  it('rejects DLQ cycles when the file is read, before anything listens', () => {
    expect(() => parseSqsConfig({ queues: [{ name: 'a', dlq: 'b' }, { name: 'b', dlq: 'a' }] }, 'sqs.yaml')).toThrow('sqs.yaml: the DLQs form a cycle: a → b → a');
  });
  it('checks queue attributes against the SQS ranges', () => {
    expect(() => parseSqsConfig({ queues: [{ name: 'a', attributes: { VisibilityTimeout: 99999 } }] }, 'sqs.yaml')).toThrow('sqs.yaml: queue a: VisibilityTimeout must be a whole number 0–43200 (seconds), got 99999');
    expect(() => parseSqsConfig({ queues: [{ name: 'a', attributes: { DelaySeconds: 901 } }] })).toThrow('DelaySeconds must be a whole number 0–900');
    expect(parseSqsConfig({ queues: [{ name: 'a', attributes: { MessageRetentionPeriod: 3600, FifoQueue: false } }] }).queues[0].attributes).toEqual({ MessageRetentionPeriod: '3600', FifoQueue: 'false' });
  });
  it('takes a number as the fixed latency and rejects other shapes', () => {
    expect(parseSqsConfig({ latency: 20 }).latency).toEqual({ fixedMs: 20 });
    expect(() => parseSqsConfig({ latency: '20ms' })).toThrow('latency must be a number of ms or { fixedMs: 20, jitterMs: 5 }');
    expect(() => parseSqsConfig({ latency: { fixedMs: -1 } })).toThrow('latency.fixedMs must be a number of ms ≥ 0, got -1');
    expect(() => parseSqsConfig({ latency: { fixed: 20 } })).toThrow('latency: unknown key fixed');
  });
  it('checks fault rates as shares', () => {
    expect(() => parseSqsConfig({ faults: { throttleRate: 5 } }, 'sqs.yaml')).toThrow('sqs.yaml: faults.throttleRate must be a share between 0 and 1 (0.05 is 5 %), got 5');
    expect(() => parseSqsConfig({ faults: { throttleRate: 0.6, dropRate: 0.6 } })).toThrow('the fault rates add up to 1.2, more than 1');
    expect(() => parseSqsConfig({ port: 'x' })).toThrow('port must be a whole number 0–65535');
  });
  it('gives `kit start` a user error, not a RangeError, for a bad fault rate in <kit home>/sqs.yaml', async () => {
    const home = tempDir();
    fs.writeFileSync(path.join(home, 'sqs.yaml'), 'faults: { throttleRate: 5 }\n');
    await expect(service.start({ home, sqsPort: 0 })).rejects.toMatchObject({ name: 'UserError', message: expect.stringContaining('faults.throttleRate must be a share between 0 and 1') });
    fs.rmSync(home, { recursive: true, force: true });
  });
});
