import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rfc3339, VirtualClock } from '../../src/cluster/clock';
import { startTestCluster, type TestCluster } from './e2e-helpers';

let t: TestCluster;
// A virtual clock 10 minutes ahead of real time, as after a while at --speed 10 (or a restart of one).
const ahead = 600_000;
beforeAll(async () => {
  t = await startTestCluster({ runtime: false, clock: new VirtualClock({ speed: 1, start: Date.now() + ahead }) });
});
afterAll(() => t.stop());

describe('kubectl describe with the virtual clock ahead of real time', () => {
  it('prints event ages on the virtual clock instead of <invalid>; stored times stay virtual', async () => {
    const pod = (await t.cluster.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ahead', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } })).object;
    await t.cluster.api.recordEvent(pod, 'Normal', 'Scheduled', 'Successfully assigned default/ahead to kit-node-1', { component: 'default-scheduler' });
    const d = await t.kubectl(['describe', 'pod', 'ahead']);
    expect(d.stdout).toMatch(/Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message\n\s+----.*\n\s+Normal\s+Scheduled\s+\d+s\s+default-scheduler\s+Successfully assigned default\/ahead to kit-node-1/);
    const stored = await t.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=ahead', '-o', 'jsonpath={.items[0].lastTimestamp}']);
    expect(Date.parse(stored.stdout) - Date.now()).toBeGreaterThan(ahead - 60_000);
    expect(rfc3339(Date.parse(stored.stdout))).toBe(stored.stdout);
  });
});
