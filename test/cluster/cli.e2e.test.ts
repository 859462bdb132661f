import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitRoot } from '../../src/env/paths';
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

  it('rejects a bad --speed as a usage error', () => {
    const r = kit('cluster', 'start', '--speed', '0');
    expect(r.code).toBe(2);
    expect(r.out).toContain('--speed must be a positive number.');
  });
});
