/**
 * A lab's own SQS endpoint, started in the background by `kit lab start` for a lab with an "sqs"
 * config: its latency and faults are endpoint-wide, so each lab gets one (port 0) and nothing the
 * learner runs elsewhere is slowed. Writes {pid, url} to the info file once it listens and removes
 * it on SIGTERM; `kit lab reset` stops it.
 *   node sqs-endpoint-main.js <info-file> <sqs.yaml>
 */
import fs from 'node:fs';
import { writeFileAtomic } from '../cluster/store/durable-log';
import { loadSqsConfig, startEndpoint } from '../sqs/endpoint';

async function main(): Promise<void> {
  const [info, configFile] = process.argv.slice(2);
  const config = loadSqsConfig(configFile);
  // Queues are applied by the caller (from the learner's copy of the file), not at start.
  const ep = await startEndpoint({ port: 0, config: { ...config, queues: [] } });
  writeFileAtomic(info, JSON.stringify({ pid: process.pid, url: ep.url }) + '\n');
  const stop = () => {
    fs.rmSync(info, { force: true });
    void ep.stop().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`kit lab sqs endpoint: ${(e as Error).message}`);
    process.exit(1);
  });
}
