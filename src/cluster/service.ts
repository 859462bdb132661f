/** The cluster as an embedded service, so `kit start` runs it in its own process. */
import type { EmbeddedService } from '../services/service';
import { runCluster } from './run';

export const service: EmbeddedService = {
  name: 'cluster',
  async start(opts) {
    const num = (v: unknown) => (v === undefined ? undefined : Number(v));
    const running = await runCluster({
      home: opts.home,
      hostedBy: 'kit start',
      speed: num(opts.speed),
      port: num(opts.clusterPort),
      nodes: { count: num(opts.nodes) },
    });
    const c = running.cluster;
    const node = c.api.list('Node').items[0]?.status as { capacity?: { cpu?: string; memory?: string } } | undefined;
    return {
      name: 'cluster',
      url: running.info.url,
      details: [
        `kubeconfig: ${running.info.kubeconfig}`,
        `nodes: ${c.nodeNames.length} × ${node?.capacity?.cpu ?? '?'} CPU / ${node?.capacity?.memory ?? '?'}`,
        `clock speed: ${c.clock.speed}×`,
      ],
      stop: () => running.stop(),
    };
  },
};
