import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runningCluster } from '../../src/cluster/run';
import { service } from '../../src/cluster/service';
import { tempHome } from './helpers';

describe('the cluster as an embedded service (kit start)', () => {
  it('starts, reports its URL and kubeconfig, records itself as hosted by kit start, and cleans up on stop', async () => {
    const home = tempHome('kit-svc-');
    const running = await service.start({ home, clusterPort: 0, nodes: 2, speed: 3 });
    try {
      expect(running.name).toBe('cluster');
      expect(running.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(running.details).toEqual([`kubeconfig: ${path.join(home, 'kubeconfig')}`, 'nodes: 2 × 4 CPU / 16Gi', 'clock speed: 3×']);
      expect(runningCluster(home)).toMatchObject({ pid: process.pid, url: running.url, hostedBy: 'kit start', nodes: 2 });
    } finally {
      await running.stop();
    }
    expect(fs.existsSync(path.join(home, 'cluster.json'))).toBe(false);
  });
});
