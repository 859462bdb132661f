import { imageFromSpec, type ProgramTable } from './exec';
import { sqsTest } from './sqs-test';
import type { Image, Program } from './types';

/**
 * The `sqs-test` image: the seed's Dockerfile ran `python receive.py` by default and the Job's
 * command picked send.py or receive.py; here the entrypoint is `sqs-test` and the default argument
 * `receive`, so `args: ["send"]` or `command: ["sqs-test", "send"]` picks the other one.
 */
export function sqsTestImage(withShell: (own: () => Record<string, Program>) => ProgramTable): Image {
  return imageFromSpec({
    name: 'sqs-test',
    description: 'the kit\'s SQS tester: send, receive, prime-worker (one work item); `sqs-test --help`',
    example: 'sqs-test send (env SQS_ENDPOINT, QUEUES, MESSAGES, SIZE, BATCH, CONCURRENCY, IDLE)',
    programs: withShell(() => ({ 'sqs-test': sqsTest })),
    entrypoint: ['sqs-test'],
    cmd: ['receive'],
    env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
  });
}
