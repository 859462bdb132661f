import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, startTestCluster, until, type TestCluster } from '../e2e-helpers';

// Ten virtual seconds per real second: image pulls and grace periods pass quickly.
let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster({ speed: 10 });
});
afterAll(async () => {
  await t?.stop();
});

const agent = (name: string, tolerations = '') => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
${tolerations}      containers:
      - name: agent
        image: nginx:1.27
`;

/** "node → pod" for the DaemonSet's pods, as `kubectl get pods -o custom-columns` shows them. */
async function podsPerNode(app: string): Promise<string[]> {
  const out = await t.kubectl(['get', 'pods', '-l', `app=${app}`, '--no-headers', '-o', 'custom-columns=NODE:.spec.nodeName,NAME:.metadata.name,STATUS:.status.phase']);
  return out.stdout.trim().split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/)).map(([node, , phase]) => `${node} ${phase}`).sort();
}

describe('DaemonSets driven by real kubectl', () => {
  it('applies a DaemonSet: one Running pod per node, `kubectl get ds` columns, rollout status', async () => {
    const applied = await t.kubectl(['apply', '-f', '-'], agent('agent'));
    expect(applied.stderr).toBe('');
    expect(applied.stdout.trim()).toBe('daemonset.apps/agent created');
    const status = await t.kubectl(['rollout', 'status', 'ds/agent', '--timeout=60s']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('daemon set "agent" successfully rolled out');
    expect(await podsPerNode('agent')).toEqual(['kit-node-1 Running', 'kit-node-2 Running', 'kit-node-3 Running']);
    const table = rows((await t.kubectl(['get', 'ds', 'agent'])).stdout);
    expect(table[0]).toBe('NAME | DESIRED | CURRENT | READY | UP-TO-DATE | AVAILABLE | NODE SELECTOR | AGE');
    expect(table[1]).toMatch(/^agent \| 3 \| 3 \| 3 \| 3 \| 3 \| <none> \| \d+s$/);
    const wide = rows((await t.kubectl(['get', 'daemonsets', '-o', 'wide'])).stdout);
    expect(wide[1]).toMatch(/\| agent \| nginx:1\.27 \| app=agent$/);
    const described = (await t.kubectl(['describe', 'ds', 'agent'])).stdout;
    expect(described).toContain('Desired Number of Nodes Scheduled: 3');
    expect(described).toMatch(/Pods Status:\s+3 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed/);
    expect(described).toMatch(/Normal\s+SuccessfulCreate\s+.*daemonset-controller\s+Created pod: agent-/);
  });

  it('skips a node with an untolerated NoSchedule taint, and runs there once the template tolerates it', async () => {
    const tainted = await t.kubectl(['taint', 'nodes', 'kit-node-3', 'dedicated=gpu:NoSchedule']);
    expect(tainted.stdout.trim()).toBe('node/kit-node-3 tainted');
    try {
      await t.kubectl(['apply', '-f', '-'], agent('picky'));
      await until('picky on two nodes', async () => (await podsPerNode('picky')).join() === 'kit-node-1 Running,kit-node-2 Running', 30_000);
      expect(rows((await t.kubectl(['get', 'ds', 'picky'])).stdout)[1]).toMatch(/^picky \| 2 \| 2 \| 2 \| 2 \| 2 \| <none> \|/);

      const tolerating = `      tolerations:\n      - {key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}\n`;
      expect((await t.kubectl(['apply', '-f', '-'], agent('picky', tolerating))).stdout.trim()).toBe('daemonset.apps/picky configured');
      expect((await t.kubectl(['rollout', 'status', 'ds/picky', '--timeout=60s'])).code).toBe(0);
      expect(await podsPerNode('picky')).toEqual(['kit-node-1 Running', 'kit-node-2 Running', 'kit-node-3 Running']);
    } finally {
      await t.kubectl(['taint', 'nodes', 'kit-node-3', 'dedicated=gpu:NoSchedule-']);
    }
  });

  it('rejects a template the API server would reject, with the upstream message', async () => {
    const bad = agent('bad').replace('      containers:', '      restartPolicy: OnFailure\n      containers:');
    const r = await t.kubectl(['apply', '-f', '-'], bad);
    expect(r.stderr.trim()).toBe('The DaemonSet "bad" is invalid: spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"');
  });

  it('deletes its pods with it (cascade)', async () => {
    expect((await t.kubectl(['delete', 'ds', 'agent', 'picky'])).stdout.trim()).toBe('daemonset.apps "agent" deleted\ndaemonset.apps "picky" deleted');
    await until('the DaemonSets’ pods to be gone', async () => (await t.kubectl(['get', 'pods', '-l', 'app in (agent,picky)', '-o', 'name'])).stdout.trim() === '', 60_000);
    expect((await t.kubectl(['get', 'ds'])).stderr.trim()).toBe('No resources found in default namespace.');
  });
});
