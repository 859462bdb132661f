import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { parseSqsConfig, SqsEndpoint, startEndpoint } from '../../src/sqs/endpoint';
import { sqsClient } from '../../src/sqs/client';
import { loadRun } from '../../src/sqs/load';

let ep: SqsEndpoint;
beforeAll(async () => {
  ep = await startEndpoint({
    port: 0,
    seed: 1,
    config: parseSqsConfig({ queues: [{ name: 'orders', visibilityTimeout: 1, dlq: 'orders-dlq', maxReceiveCount: 2 }, 'orders-dlq', { name: 'faulty', visibilityTimeout: 2 }] }),
  });
});
afterAll(async () => {
  await ep?.stop();
});

describe('embedded SQS endpoint', () => {
  it('listens on 127.0.0.1 and creates the declared queues with their redrive policy', async () => {
    expect(ep.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const c = sqsClient({ endpoint: ep.url });
    const url = (await c.send(new GetQueueUrlCommand({ QueueName: 'orders' }))).QueueUrl!;
    const a = (await c.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes!;
    expect(JSON.parse(a.RedrivePolicy!)).toEqual({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:orders-dlq', maxReceiveCount: 2 });
    expect(a.VisibilityTimeout).toBe('1');
    c.destroy();
  });

  it('gets the region from the local client without SigV4: the credential scope names it', async () => {
    const c = sqsClient({ endpoint: ep.url, region: 'eu-west-1' });
    const seen: Array<string | undefined> = [];
    c.middlewareStack.add((next) => async (args) => {
      seen.push((args.request as { headers: Record<string, string> }).headers.authorization);
      return next(args);
    }, { step: 'finalizeRequest', priority: 'low', name: 'testSeeAuth' });
    const url = (await c.send(new CreateQueueCommand({ QueueName: 'regional' }))).QueueUrl!;
    const a = (await c.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!;
    expect(a.QueueArn).toBe('arn:aws:sqs:eu-west-1:000000000000:regional');
    expect(seen[0]).toMatch(/^AWS4-HMAC-SHA256 Credential=kit\/\d{8}\/eu-west-1\/sqs\/aws4_request, SignedHeaders=host, Signature=unsigned-local$/);
    c.destroy();
  });

  it('moves a message to the DLQ after maxReceiveCount receives (redrive)', async () => {
    const c = sqsClient({ endpoint: ep.url });
    const url = (await c.send(new GetQueueUrlCommand({ QueueName: 'orders' }))).QueueUrl!;
    await c.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'poison' }));
    for (let i = 0; i < 2; i++) {
      const r = await c.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 2, VisibilityTimeout: 1 }));
      expect(r.Messages?.[0]?.Body).toBe('poison'); // received, never deleted
      await new Promise((res) => setTimeout(res, 1100));
    }
    const third = await c.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 0 }));
    expect(third.Messages ?? []).toEqual([]);
    expect((await ep.depths()).find((d) => d.name === 'orders-dlq')!.visible).toBe(1);
    c.destroy();
  });

  it('injects latency: the round trip grows by the fixed delay', async () => {
    ep.setLatency({ fixedMs: 80 });
    const c = sqsClient({ endpoint: ep.url });
    const t = performance.now();
    await c.send(new GetQueueUrlCommand({ QueueName: 'orders' }));
    expect(performance.now() - t).toBeGreaterThanOrEqual(80);
    ep.setLatency({});
    c.destroy();
  });
});

describe('start-up errors', () => {
  it('a queue the endpoint refuses is a one-line error, and the port is released', async () => {
    const probe = net.createServer();
    const port = await new Promise<number>((resolve) => probe.listen(0, '127.0.0.1', () => resolve((probe.address() as net.AddressInfo).port)));
    await new Promise((resolve) => probe.close(resolve));
    const bad = parseSqsConfig({ queues: [{ name: 'plain', attributes: { FifoQueue: true } }] }); // FIFO needs a .fifo name
    await expect(startEndpoint({ port, config: bad })).rejects.toMatchObject({ name: 'UserError', message: expect.stringContaining('creating the declared queues failed: AWS.SimpleQueueService.InvalidParameterValue') });
    const again = await startEndpoint({ port }); // the failed start closed its listener
    expect(again.port).toBe(port);
    await again.stop();
  });
});

describe('fault injection', () => {
  it('throttles, fails and drops requests; the SDK retries and the report shows every retry by type', async () => {
    const before = ep.injected();
    ep.setFaults({ throttleRate: 0.1, errorRate: 0.05, dropRate: 0.05 });
    try {
      const r = await loadRun(
        { endpoint: ep.url, queues: ['faulty'], maxAttempts: 8, injected: () => ep.injected() },
        { messages: 600, size: 512, concurrency: 2, consumerConcurrency: 2, idleSec: 2 },
      );
      const inj = r.injected!;
      const throttled = inj.throttled - before.throttled;
      const errors = inj.errors5xx - before.errors5xx;
      const dropped = inj.dropped - before.dropped;
      expect(throttled).toBeGreaterThan(0);
      expect(errors).toBeGreaterThan(0);
      expect(dropped).toBeGreaterThan(0);
      // The tester saw the faults by the names the SDK gave them (the injector also counts the
      // preflight lookups and long polls aborted at the end, which the report leaves out).
      const seen = r.errorsByType;
      expect(seen.RequestThrottled).toBeGreaterThan(0);
      expect(seen.RequestThrottled).toBeLessThanOrEqual(throttled);
      expect(seen.InternalError).toBeGreaterThan(0);
      expect(seen.InternalError).toBeLessThanOrEqual(errors);
      expect(seen.ECONNRESET).toBeGreaterThan(0);
      expect(seen.ECONNRESET).toBeLessThanOrEqual(dropped);
      expect(Object.keys(seen).sort()).toEqual(['ECONNRESET', 'InternalError', 'RequestThrottled']);
      // No call failed for good, so every failed attempt was retried, except in a long poll that
      // the consumer aborted at the end during its backoff (at most one per receive loop: 2).
      const failed = seen.RequestThrottled + seen.InternalError + seen.ECONNRESET;
      expect(r.retries).toBeLessThanOrEqual(failed);
      expect(r.retries).toBeGreaterThanOrEqual(failed - 2);
      expect(r.failedCalls).toEqual({});
      // Faulted requests never reached the store: nothing lost, and duplicates only from retried deletes.
      // A dropped ReceiveMessage answer leaves its messages in flight for the queue's 2 s visibility
      // timeout; the consumers wait for them instead of stopping on idle.
      expect(r.accounting).toMatchObject({ sent: 600, received: 600, lost: 0 });
      expect(r.stoppedBy).toBe('done');
    } finally {
      ep.setFaults({});
    }
  });
});
