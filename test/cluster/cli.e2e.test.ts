import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitRoot } from '../../src/env/paths';
import { service } from '../../src/cluster/service';
import { kubectlWith } from './e2e-helpers';
import { tempHome } from './helpers';

const home = tempHome('kit-cli-');
const kit = (...args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(kitRoot, 'bin', 'kit.js'), ...args], { env: { ...process.env, KIT_HOME: home }, encoding: 'utf8', timeout: 90_000 });
  return { code: r.status, out: r.stdout + r.stderr };
};

beforeAll(() => {
  spawnSync(process.execPath, [path.join(kitRoot, 'bin', 'kit.js'), 'build', '--if-stale'], { stdio: 'ignore' });
});
afterAll(() => {
  kit('cluster', 'stop');
});

describe('kit cluster start/status/stop/reset', () => {
  it('starts detached, refuses a second start and a reset while running, stops, resets', async () => {
    const started = kit('cluster', 'start', '--detach', '--port', '0', '--nodes', '2', '--speed', '5');
    expect(started.code).toBe(0);
    expect(started.out).toMatch(/^cluster running at https:\/\/127\.0\.0\.1:\d+ \(pid \d+, 2 nodes, clock 5×\)$/m);
    expect(started.out).toContain(`kubeconfig: ${path.join(home, 'kubeconfig')}`);
    const nodes = await kubectlWith(path.join(home, 'kubeconfig'))(['get', 'nodes', '-o', 'name']);
    expect(nodes.stdout.trim().split('\n')).toEqual(['node/kit-node-1', 'node/kit-node-2']);

    const again = kit('cluster', 'start', '--detach');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^kit: the cluster is already running\.\ncluster running at /);
    expect(kit('cluster', 'status').out).toMatch(/^cluster running at https:\/\/127\.0\.0\.1:\d+/);

    const reset = kit('cluster', 'reset');
    expect(reset.code).toBe(2);
    expect(reset.out).toMatch(/the cluster is running \(pid \d+\); reset deletes its state, so stop it first/);

    expect(kit('cluster', 'stop').out).toMatch(/^kit: cluster stopped \(pid \d+\)\.$/m);
    expect(fs.existsSync(path.join(home, 'cluster.json'))).toBe(false);
    expect(kit('cluster', 'status').out.trim()).toBe('kit: the cluster is not running. Start it with: kit cluster start --detach');
    expect(kit('cluster', 'stop').out.trim()).toBe('kit: the cluster is not running.');
    expect(kit('cluster', 'reset').out.trim()).toBe(`kit: deleted the cluster state (${path.join(home, 'cluster')}); the next \`kit cluster start\` begins empty.`);
  });

  it('refuses a second cluster on the same KIT_HOME (kit start while a detached one runs), naming its pid and how to stop it', async () => {
    const started = kit('cluster', 'start', '--detach', '--port', '0');
    expect(started.code).toBe(0);
    const pid = /\(pid (\d+),/.exec(started.out)![1];
    const kubeconfig = fs.readFileSync(path.join(home, 'kubeconfig'), 'utf8');
    // `kit start` runs the cluster through this service.
    await expect(service.start({ home, clusterPort: 0 })).rejects.toThrow(
      `another cluster already runs on ${home} (pid ${pid}, started by \`kit cluster start\`)`,
    );
    expect(fs.readFileSync(path.join(home, 'kubeconfig'), 'utf8')).toBe(kubeconfig);
    expect(kit('cluster', 'status').out).toContain(`(pid ${pid}, `);
    expect(kit('cluster', 'stop').out).toContain(`cluster stopped (pid ${pid})`);

    // And the other way round: a cluster inside `kit start` holds the folder until it stops.
    const hosted = await service.start({ home, clusterPort: 0 });
    try {
      const r = spawnSync(process.execPath, [path.join(kitRoot, 'dist', 'cluster', 'server-main.js'), '--home', home, '--port', '0'], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toBe(
        `kit: another cluster already runs on ${home} (pid ${process.pid}, started by \`kit start\`). Stop it with \`kit stop\` first, or use it as it is (\`kit cluster status\` says where); a different KIT_HOME runs a separate cluster.`,
      );
    } finally {
      await hosted.stop();
    }
    expect(fs.existsSync(path.join(home, 'cluster.lock'))).toBe(false);
  });

  it('makes the stored node pool match --nodes/--node-cpu on start, keeps it without them, and rejects bad pool flags', async () => {
    const kubectl = kubectlWith(path.join(home, 'kubeconfig'));
    expect(kit('cluster', 'start', '--detach', '--port', '0', '--nodes', '4').out).toContain(', 4 nodes, ');
    expect(kit('cluster', 'stop').code).toBe(0);
    const smaller = kit('cluster', 'start', '--detach', '--port', '0', '--nodes', '1', '--node-cpu', '2');
    expect(smaller.out).toContain(', 1 nodes, ');
    const nodes = await kubectl(['get', 'nodes', '-o', 'custom-columns=NAME:.metadata.name,CPU:.status.capacity.cpu', '--no-headers']);
    expect(nodes.stdout.trim().split('\n').map((l) => l.split(/\s+/).join(' '))).toEqual(['kit-node-1 2']);
    expect(kit('cluster', 'stop').code).toBe(0);
    expect(kit('cluster', 'start', '--detach', '--port', '0').out).toContain(', 1 nodes, ');
    expect(kit('cluster', 'stop').code).toBe(0);

    for (const [flag, value, message] of [
      ['--nodes', '2.5', '--nodes must be a whole number of nodes, 1 or more, not "2.5".'],
      ['--node-cpu', 'banana', '--node-cpu must be a positive Kubernetes quantity (e.g. 4 or 2500m), not "banana".'],
      ['--node-memory', '0', '--node-memory must be a positive Kubernetes quantity (e.g. 16Gi or 512Mi), not "0".'],
    ]) {
      const r = kit('cluster', 'start', flag, value);
      expect(r.code).toBe(2);
      expect(r.out).toContain(message);
    }
  });

  it('rejects a bad --speed as a usage error', () => {
    const r = kit('cluster', 'start', '--speed', '0');
    expect(r.code).toBe(2);
    expect(r.out).toContain('--speed must be a positive number.');
    expect(kit('cluster', 'start', '--help').out.replace(/\s+/g, ' ')).toContain('the clock then runs ahead of real time and resumes from there after a restart; clients that compute ages themselves see future times, see docs/known-issues.md');
  });
});
