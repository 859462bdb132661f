/**
 * Runs a learner's compiled consumer (lab 05) in its own process, so a crash is a real one:
 *   node consumer-runner.js <consumer.js> <endpoint> <queueUrl> <record-file> <crash-at>
 * It calls the file's `consume(client, queueUrl, handle)`. `handle(body)` appends the message's id
 * to the record file once it is handled; with crash-at N > 0 the process exits (code 3) while
 * handling the N-th message, before recording it, as a consumer killed mid-batch would.
 */
import fs from 'node:fs';
import { sqsClient } from '../sqs/client';

export const CrashExitCode = 3;

async function main(): Promise<void> {
  const [file, endpoint, queueUrl, record, crashAt] = process.argv.slice(2);
  const crash = Number(crashAt);
  const mod = require(file) as { consume?: unknown };
  if (typeof mod.consume !== 'function') {
    console.error('consumer.ts does not export a function consume(client, queueUrl, handle)');
    process.exit(2);
  }
  const client = sqsClient({ endpoint, maxAttempts: 3, maxSockets: 16 });
  let handled = 0;
  const handle = async (body: string): Promise<void> => {
    handled++;
    if (crash > 0 && handled === crash) process.exit(CrashExitCode);
    fs.appendFileSync(record, `${body}\n`);
  };
  await (mod.consume as (c: unknown, q: string, h: (b: string) => Promise<void>) => Promise<void>)(client, queueUrl, handle);
  client.destroy();
}

if (require.main === module) {
  main().catch((e: unknown) => {
    // The learner's own error, one line: where it came from matters less than what it says.
    console.error(`consume() threw: ${(e as Error)?.message ?? String(e)}`);
    process.exit(1);
  });
}
