import { describe, expect, it } from 'vitest';
import { formatSummary, parseSummary } from '../../src/cluster/images/sqs-test';
import { checkPrimes, compareWithSingleProcess, primeJobManifest, splitRange, sqsJobManifests, type SqsJobExperiment } from '../../src/sqs';
import type { LoadReport } from '../../src/sqs';
import type { Manifest } from '../../src/kube';

type Env = Array<{ name: string; value: string }>;
const envOf = (job: Manifest) => Object.fromEntries(((job.spec as { template: { spec: { containers: Array<{ env: Env }> } } }).template.spec.containers[0].env).map((e) => [e.name, e.value]));

describe('the Job experiment manifests', () => {
  it('are the seed Job adapted: parallelism 20, image sqs-test, send then receive, with the endpoint filled in', () => {
    const { send, receive } = sqsJobManifests({ endpoint: 'http://127.0.0.1:4599' });
    expect(send.metadata.name).toBe('sqs-test-send');
    expect(send.spec).toMatchObject({ parallelism: 20, backoffLimit: 4, template: { spec: { restartPolicy: 'Never', containers: [{ image: 'sqs-test:latest', command: ['sqs-test', 'send'] }] } } });
    expect(envOf(send)).toEqual({ SQS_ENDPOINT: 'http://127.0.0.1:4599', QUEUES: 'linuxer-sqs-1,linuxer-sqs-2,linuxer-sqs-3,linuxer-sqs-4', MESSAGES: '1000', SIZE: '10240', BATCH: '10', CREATE_QUEUES: 'true' });
    expect(receive.spec).toMatchObject({ parallelism: 20, template: { spec: { containers: [{ command: ['sqs-test', 'receive'] }] } } });
    expect(envOf(receive)).toMatchObject({ SQS_ENDPOINT: 'http://127.0.0.1:4599', IDLE: '2' });
  });

  it('take the counts, queues and parallelism from the options', () => {
    const { send } = sqsJobManifests({ endpoint: 'http://e', parallelism: 4, messagesPerPod: 50, size: 1024, queues: ['a'], concurrency: 2 });
    expect((send.spec as { parallelism: number }).parallelism).toBe(4);
    expect(envOf(send)).toMatchObject({ QUEUES: 'a', MESSAGES: '50', SIZE: '1024', CONCURRENCY: '2' });
  });
});

describe('the summary line a pod logs', () => {
  it('reads back what it wrote', () => {
    const line = formatSummary({ verb: 'sent', messages: 1000, seconds: 0.8, failed: 0, duplicates: 0 });
    expect(line).toBe('sent 1000 messages in 0.80 s: 1250 msg/s (0 failed)');
    expect(parseSummary(`sqs-test send: …\n${line}\n`)).toEqual({ verb: 'sent', messages: 1000, seconds: 0.8, msgPerSec: 1250, failed: 0, duplicates: 0 });
    expect(parseSummary('received 7 messages in 1.00 s: 7 msg/s (2 duplicates)\n')).toMatchObject({ verb: 'received', messages: 7, duplicates: 2 });
    expect(parseSummary('sqs-test: cannot reach …\n')).toBeUndefined();
  });
});

describe('the work-queue initiator', () => {
  it('splits a range into contiguous items whose sizes differ by at most one', () => {
    expect(splitRange(2, 10, 3)).toEqual([{ item: 0, start: 2, size: 4 }, { item: 1, start: 6, size: 3 }, { item: 2, start: 9, size: 3 }]);
    expect(() => splitRange(0, 3, 4)).toThrow('cannot split a range of 3 numbers into 4 work items');
  });

  it('creates the seed initiator\'s Job: completions = items, parallelism = workers', () => {
    const job = primeJobManifest({ name: 'primes', completions: 10, parallelism: 3, endpoint: 'http://e', queue: 'w', resultsQueue: 'r' });
    expect(job.spec).toMatchObject({ completions: 10, parallelism: 3, backoffLimit: 4, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pn-generator', command: ['sqs-test', 'prime-worker'] }] } } });
    expect(envOf(job)).toEqual({ SQS_ENDPOINT: 'http://e', QUEUE: 'w', RESULTS_QUEUE: 'r', WAIT: '5' });
  });

  it('checks the reported primes against a sieve: missing, twice, or not a prime of the range', () => {
    expect(checkPrimes(2, 19, [2, 3, 5, 7, 11, 13, 17, 19])).toMatchObject({ expected: 8, found: 8, exactlyOnce: true });
    expect(checkPrimes(2, 19, [2, 3, 5, 7, 11, 13, 17])).toMatchObject({ missing: [19], exactlyOnce: false });
    expect(checkPrimes(2, 19, [2, 3, 5, 7, 11, 13, 17, 19, 19])).toMatchObject({ duplicates: 1, exactlyOnce: false });
    expect(checkPrimes(2, 19, [2, 3, 5, 7, 11, 13, 17, 19, 23])).toMatchObject({ extra: 1, found: 8, exactlyOnce: false });
  });
});

describe('compareWithSingleProcess', () => {
  it('puts each Job phase next to the single-process run of the same work', () => {
    const phase = (messages: number, wallSec: number) => ({ pods: Array.from({ length: 20 }), messages, wallSec }) as unknown as SqsJobExperiment['send'];
    const exp = { send: phase(4000, 2), receive: phase(4000, 4) } as SqsJobExperiment;
    const single = { send: { sent: 4000, durationSec: 1 } as LoadReport, receive: { received: 4000, durationSec: 2.5 } as LoadReport };
    expect(compareWithSingleProcess(exp, single)).toEqual([
      { run: 'send · one process', processes: 1, messages: 4000, seconds: 1, msgPerSec: 4000 },
      { run: 'send · Job, 20 pods', processes: 20, messages: 4000, seconds: 2, msgPerSec: 2000 },
      { run: 'receive · one process', processes: 1, messages: 4000, seconds: 2.5, msgPerSec: 1600 },
      { run: 'receive · Job, 20 pods', processes: 20, messages: 4000, seconds: 4, msgPerSec: 1000 },
    ]);
  });
});
