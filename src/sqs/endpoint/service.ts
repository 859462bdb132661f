import fs from 'node:fs';
import path from 'node:path';
import type { EmbeddedService } from '../../services/service';
import { loadSqsConfig } from './config';
import { startEndpoint } from './start';

/** The SQS endpoint as one of `kit start`'s services; queues come from <kit home>/sqs.yaml when it exists. */
export const service: EmbeddedService = {
  name: 'sqs',
  async start(opts) {
    const file = path.join(opts.home, 'sqs.yaml');
    const config = fs.existsSync(file) ? loadSqsConfig(file) : { queues: [] };
    const port = typeof opts.sqsPort === 'number' ? opts.sqsPort : undefined;
    const ep = await startEndpoint({ config, port });
    return {
      name: 'sqs',
      url: ep.url,
      details: [
        `queues: ${config.queues.length ? config.queues.map((q) => q.name).join(', ') : `none declared (add them to ${file})`}`,
        `AWS SDK: new SQSClient({ endpoint: '${ep.url}', region: 'us-east-1' })`,
      ],
      stop: () => ep.stop(),
    };
  },
};
