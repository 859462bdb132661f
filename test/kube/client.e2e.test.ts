import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, connect, describeTarget, hasCondition, parseManifests, podLogs, waitFor, watch, type WatchEvent } from '../../src/kube';
import { startTestCluster, type TestCluster } from '../cluster/e2e-helpers';

let t: TestCluster;
const savedHome = process.env.KIT_HOME;
beforeAll(async () => {
  t = await startTestCluster();
  process.env.KIT_HOME = t.home;
});
afterAll(async () => {
  process.env.KIT_HOME = savedHome;
  if (savedHome === undefined) delete process.env.KIT_HOME;
  await t?.stop();
});

const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: hello
spec:
  template:
    spec:
      containers:
      - name: hello
        image: busybox
        command: ["sh", "-c", "echo hello"]
      restartPolicy: Never
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
`;

describe('src/kube against the embedded cluster (client-node)', () => {
  it('connects to the embedded cluster by default and says so', async () => {
    const c = await connect();
    expect(c.target.embedded).toBe(true);
    expect(describeTarget(c)).toBe(`cluster: embedded kit cluster (context kit, ${t.url})`);
  });

  it('refuses a cluster that is not the embedded one unless allowed', async () => {
    const other = path.join(path.dirname(t.kubeconfig), 'other-kubeconfig');
    fs.writeFileSync(other, fs.readFileSync(t.kubeconfig, 'utf8').replace(/127\.0\.0\.1/, 'localhost'));
    await expect(connect({ kubeconfig: other })).rejects.toMatchObject({
      name: 'UserError',
      message: `refusing to use a cluster that is not the kit's embedded one (context kit, ${t.url.replace('127.0.0.1', 'localhost')})`,
    });
    const allowed = await connect({ kubeconfig: other, allowReal: true });
    expect(describeTarget(allowed)).toMatch(/^cluster: REAL cluster \(context kit, https:\/\/localhost:\d+, from .*other-kubeconfig\)$/);
  });

  it('applies manifests: created, then configured, with strategic merge', async () => {
    const c = await connect();
    expect((await apply(c, job)).map((r) => `${r.ref} ${r.action}`)).toEqual(['job.batch/hello created', 'configmap/settings created']);
    const again = await apply(c, job.replace('mode: fast', 'mode: slow'));
    expect(again.map((r) => `${r.ref} ${r.action}`)).toEqual(['job.batch/hello configured', 'configmap/settings configured']);
    expect(t.cluster.api.get('ConfigMap', 'default', 'settings').data).toEqual({ mode: 'slow' });
    expect(t.cluster.api.get('Job', 'default', 'hello').spec).toMatchObject({ backoffLimit: 6, completions: 1, parallelism: 1 });
  });

  it('reports malformed YAML as a user error', () => {
    expect(() => parseManifests('kind: Pod\n  metadata: x\n bad', 'pod.yaml')).toThrow(/^pod\.yaml is not valid YAML/);
  });

  it('watches changes and waits for a condition', async () => {
    const c = await connect();
    const seen: string[] = [];
    const stop = await watch(c, '/api/v1/namespaces/default/configmaps', { resourceVersion: t.cluster.store.resourceVersion }, (e: WatchEvent) => seen.push(`${e.type} ${e.object.metadata.name}`));
    await t.cluster.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched', namespace: 'default' } });
    for (let i = 0; i < 100 && !seen.length; i++) await new Promise((r) => setTimeout(r, 20));
    stop();
    expect(seen).toEqual(['ADDED watched']);

    const waiting = waitFor(c, { apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs', name: 'hello', namespace: 'default' }, (o) => hasCondition(o, 'Complete'), 10_000);
    const cur = t.cluster.api.get('Job', 'default', 'hello');
    await t.cluster.api.updateStatus({ ...cur, status: { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] } });
    expect(((await waiting).status as { succeeded: number }).succeeded).toBe(1);
  });

  it('reads pod logs', async () => {
    const c = await connect();
    await apply(c, 'apiVersion: v1\nkind: Pod\nmetadata: {name: talker}\nspec:\n  containers: [{name: c, image: busybox}]\n');
    t.cluster.logs.start('default', 'talker', 'c');
    t.cluster.logs.write('default', 'talker', 'c', 'one\ntwo\n');
    expect(await podLogs(c, 'default', 'talker')).toBe('one\ntwo\n');
    expect(await podLogs(c, 'default', 'talker', { tailLines: 1 })).toBe('two\n');
  });

  it('feeds a client-node informer (list, then watch from the list\'s resourceVersion)', async () => {
    const c = await connect();
    const k8s = await import('@kubernetes/client-node');
    const kc = c.kc as InstanceType<typeof k8s.KubeConfig>;
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', () => core.listNamespacedConfigMap({ namespace: 'default' }));
    const added: string[] = [];
    informer.on('add', (o) => added.push(o.metadata?.name ?? ''));
    await informer.start();
    await t.cluster.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'informed', namespace: 'default' } });
    for (let i = 0; i < 100 && !added.includes('informed'); i++) await new Promise((r) => setTimeout(r, 20));
    await informer.stop();
    expect(added).toContain('settings');
    expect(added).toContain('informed');
  });
});
