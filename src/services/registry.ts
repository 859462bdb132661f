import { service as cluster } from '../cluster/service';
import { service as sqs } from '../sqs/endpoint/service';
import type { EmbeddedService } from './service';

/**
 * The embedded services `kit start` runs, in start order. Each topic exports its own
 * `service` (src/cluster, src/sqs); this list is the one place that names them all.
 */
export function embeddedServices(): EmbeddedService[] {
  return [cluster, sqs];
}
