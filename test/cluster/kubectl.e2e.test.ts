import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { piJob } from '../../src/batch/manifests';
import { helloCronJob, rows, startTestCluster, until, type TestCluster } from './e2e-helpers';

let t: TestCluster;
beforeAll(async () => {
  // The API server on its own: no scheduler or kubelet, so pods stay as created (Pending).
  t = await startTestCluster({ speed: 1, historyLimit: 50, runtime: false });
});
afterAll(async () => {
  await t?.stop();
});


function webPod(name: string, extra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: web}
${extra}spec:
  containers:
  - name: nginx
    image: nginx:1.27
    env:
    - {name: MODE, value: "a"}
`;
}

/** Raw HTTPS GET against the API server, as a client that reads the stream line by line. */
function getLines(path: string, opts: { token?: string; maxLines?: number } = {}): Promise<{ status: number; lines: string[]; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, t.url);
    const req = https.get(url, { ca: t.ca, headers: { Authorization: `Bearer ${opts.token ?? t.token}` } }, (res) => {
      let buf = '';
      const lines: string[] = [];
      const done = () => resolve({ status: res.statusCode ?? 0, lines, headers: res.headers });
      res.on('data', (c) => {
        buf += c;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          lines.push(buf.slice(0, i));
          buf = buf.slice(i + 1);
          if (opts.maxLines && lines.length >= opts.maxLines) {
            req.destroy();
            return done();
          }
        }
      });
      res.on('end', () => {
        if (buf) lines.push(buf);
        done();
      });
    });
    req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : reject(e)));
  });
}

describe('the embedded cluster driven by real kubectl', () => {
  it('lists nodes and namespaces with the usual columns', async () => {
    const nodes = await t.kubectl(['get', 'nodes']);
    expect(rows(nodes.stdout)[0]).toBe('NAME | STATUS | ROLES | AGE | VERSION');
    expect(rows(nodes.stdout).slice(1).map((r) => r.split(' | ').slice(0, 3).join(' | '))).toEqual([
      'kit-node-1 | Ready | <none>', 'kit-node-2 | Ready | <none>', 'kit-node-3 | Ready | <none>',
    ]);
    const ns = await t.kubectl(['get', 'namespaces']);
    expect(rows(ns.stdout).map((r) => r.split(' | ').slice(0, 2).join(' | '))).toEqual([
      'NAME | STATUS', 'default | Active', 'kube-node-lease | Active', 'kube-public | Active', 'kube-system | Active',
    ]);
  });

  it('applies a Job and prints NAME STATUS COMPLETIONS DURATION AGE; a second apply is unchanged', async () => {
    const created = await t.kubectl(['apply', '-f', '-'], piJob);
    expect(created.stdout.trim()).toBe('job.batch/pi created');
    const get = await t.kubectl(['get', 'jobs']);
    const [header, row] = rows(get.stdout);
    expect(header).toBe('NAME | STATUS | COMPLETIONS | DURATION | AGE');
    expect(row).toMatch(/^pi \| Running \| 0\/5 \| (\d+s \| )?\d+s$/); // DURATION shows once the Job controller sets startTime
    expect((await t.kubectl(['apply', '-f', '-'], piJob)).stdout.trim()).toBe('job.batch/pi unchanged');
    const changed = await t.kubectl(['apply', '-f', '-'], piJob.replace('backoffLimit: 4', 'backoffLimit: 3'));
    expect(changed.stdout.trim()).toBe('job.batch/pi configured');
    expect((await t.kubectl(['get', 'job', 'pi', '-o', 'jsonpath={.spec.backoffLimit} {.metadata.generation} {.spec.selector.matchLabels}'])).stdout)
      .toMatch(/^3 2 \{"batch.kubernetes.io\/controller-uid":"[0-9a-f-]{36}"\}$/);
  });

  it('prints pods as NAME READY STATUS RESTARTS AGE, and -o wide adds the node', async () => {
    await t.kubectl(['apply', '-f', '-'], webPod('web-1'));
    const get = await t.kubectl(['get', 'pods', '-l', 'app=web']);
    expect(rows(get.stdout)[0]).toBe('NAME | READY | STATUS | RESTARTS | AGE');
    expect(rows(get.stdout)[1]).toMatch(/^web-1 \| 0\/1 \| Pending \| 0 \| \d+s$/);
    const wide = await t.kubectl(['get', 'pods', 'web-1', '-o', 'wide']);
    expect(rows(wide.stdout)[0]).toBe('NAME | READY | STATUS | RESTARTS | AGE | IP | NODE | NOMINATED NODE | READINESS GATES');
  });

  it('patches with each patch type', async () => {
    await t.kubectl(['apply', '-f', '-'], webPod('web-patch'));
    expect((await t.kubectl(['patch', 'pod', 'web-patch', '--type=json', '-p', '[{"op":"add","path":"/metadata/labels/tier","value":"front"}]'])).stdout.trim()).toBe('pod/web-patch patched');
    await t.kubectl(['patch', 'pod', 'web-patch', '--type=merge', '-p', '{"metadata":{"annotations":{"note":"merged"}}}']);
    // strategic: the containers list merges by name, so env stays and only the image changes.
    await t.kubectl(['patch', 'pod', 'web-patch', '-p', '{"spec":{"containers":[{"name":"nginx","image":"nginx:1.28"}]}}']);
    const out = await t.kubectl(['get', 'pod', 'web-patch', '-o', 'jsonpath={.metadata.labels.tier} {.metadata.annotations.note} {.spec.containers[0].image} {.spec.containers[0].env[0].value}']);
    expect(out.stdout).toBe('front merged nginx:1.28 a');
    const bad = await t.kubectl(['patch', 'pod', 'web-patch', '--type=json', '-p', '[{"op":"replace","path":"/metadata/nope/x","value":1}]']);
    expect(bad.code).not.toBe(0);
  });

  it('describes a pod with its events, and lists events', async () => {
    await t.kubectl(['apply', '-f', '-'], webPod('web-ev'));
    const pod = t.cluster.api.get('Pod', 'default', 'web-ev');
    await t.cluster.api.recordEvent(pod, 'Warning', 'FailedScheduling', '0/3 nodes are available: 3 Insufficient cpu.', { component: 'default-scheduler' });
    await t.cluster.api.recordEvent(pod, 'Warning', 'FailedScheduling', '0/3 nodes are available: 3 Insufficient cpu.', { component: 'default-scheduler' });
    const d = await t.kubectl(['describe', 'pod', 'web-ev']);
    expect(d.stdout).toMatch(/^Name:\s+web-ev$/m);
    expect(d.stdout).toMatch(/^Status:\s+Pending$/m);
    // Two identical events were aggregated: describe shows "(x2 over …)".
    expect(d.stdout).toMatch(/Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message\n\s+----.*\n\s+Warning\s+FailedScheduling\s+\d+s \(x2 over \d+s\)\s+default-scheduler\s+0\/3 nodes are available: 3 Insufficient cpu\./);
    const ev = await t.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=web-ev']);
    expect(rows(ev.stdout)[0]).toBe('LAST SEEN | TYPE | REASON | OBJECT | MESSAGE');
    expect(rows(ev.stdout)[1]).toMatch(/^\d+s \| Warning \| FailedScheduling \| pod\/web-ev \| 0\/3 nodes are available: 3 Insufficient cpu\.$/);
    expect((await t.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=web-ev', '-o', 'jsonpath={.items[0].count}'])).stdout).toBe('2');
  });

  it('prints logs from the log sink, with --tail, and follows until the container exits', async () => {
    await t.kubectl(['apply', '-f', '-'], webPod('web-log'));
    const waiting = await t.kubectl(['logs', 'web-log']);
    expect(waiting.stderr.trim()).toBe('Error from server (BadRequest): container "nginx" in pod "web-log" is waiting to start: ContainerCreating');
    t.cluster.logs.start('default', 'web-log', 'nginx');
    t.cluster.logs.write('default', 'web-log', 'nginx', 'line 1\nline 2\nline 3\n');
    expect((await t.kubectl(['logs', 'web-log'])).stdout).toBe('line 1\nline 2\nline 3\n');
    expect((await t.kubectl(['logs', 'web-log', '--tail=1'])).stdout).toBe('line 3\n');
    const follow = t.kubectl(['logs', '-f', 'web-log', '-c', 'nginx']);
    await new Promise((r) => setTimeout(r, 500));
    t.cluster.logs.write('default', 'web-log', 'nginx', 'line 4\n');
    t.cluster.logs.finish('default', 'web-log', 'nginx');
    expect((await follow).stdout).toBe('line 1\nline 2\nline 3\nline 4\n');
  });

  it('deletes with cascade: a pod owned by a ReplicaSet goes with it', async () => {
    await t.kubectl(['apply', '-f', '-'], `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx:1.27}]
`);
    const uid = (await t.kubectl(['get', 'rs', 'web', '-o', 'jsonpath={.metadata.uid}'])).stdout;
    await t.kubectl(['apply', '-f', '-'], webPod('web-owned', `  ownerReferences:\n  - {apiVersion: apps/v1, kind: ReplicaSet, name: web, uid: ${uid}, controller: true, blockOwnerDeletion: true}\n`));
    expect((await t.kubectl(['get', 'rs'])).stdout).toMatch(/NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nweb\s+1\s+0\s+0\s+\d+s/);
    expect((await t.kubectl(['delete', 'rs', 'web'])).stdout.trim()).toBe('replicaset.apps "web" deleted');
    await until('the owned pod to go', () => !t.cluster.api.tryGet('Pod', 'default', 'web-owned'));
    const gone = await t.kubectl(['get', 'pod', 'web-owned']);
    expect(gone.stderr.trim()).toBe('Error from server (NotFound): pods "web-owned" not found');
  });

  it('watches from a resourceVersion, and answers a too-old one with a 410 Expired status', async () => {
    const first = await t.cluster.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w0', namespace: 'default' } });
    const rv = first.object.metadata.resourceVersion!;
    await t.cluster.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w1', namespace: 'default' } });
    await t.cluster.api.delete('ConfigMap', 'default', 'w0');
    const watched = await getLines(`/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv}`, { maxLines: 2 });
    expect(watched.lines.map((l) => JSON.parse(l)).map((e: { type: string; object: { metadata: { name: string } } }) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED w1', 'DELETED w0']);
    for (let i = 0; i < 80; i++) await t.cluster.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `fill-${i}`, namespace: 'default' } });
    const old = await getLines(`/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv}`);
    expect(old.status).toBe(200);
    const err = JSON.parse(old.lines[0]);
    expect(err.type).toBe('ERROR');
    expect(err.object).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 });
    expect(err.object.message).toMatch(new RegExp(`^too old resource version: ${rv} \\(\\d+\\)$`));
  });

  it('answers a request without a valid token with 401 Unauthorized', async () => {
    const r = await t.kubectl(['--token', 'not-the-token', 'get', 'pods']);
    expect(r.stderr.trim().split('\n').pop()).toBe('error: You must be logged in to the server (Unauthorized)');
    const raw = await getLines('/api/v1/pods', { token: 'wrong' });
    expect(raw.status).toBe(401);
    expect(JSON.parse(raw.lines.join(''))).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
  });

  it('rejects a Job with restartPolicy Always with 422 and the upstream message', async () => {
    const r = await t.kubectl(['apply', '-f', '-'], piJob.replace('name: pi\n', 'name: bad\n').replace('restartPolicy: Never', 'restartPolicy: Always'));
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe('The Job "bad" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"');
  });

  it('gives kubectl\'s usual error for an unknown kind', async () => {
    const r = await t.kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n');
    expect(r.stderr).toContain('no matches for kind "Foo" in version "v1"');
    expect((await t.kubectl(['get', 'foos'])).stderr.trim()).toBe('error: the server doesn\'t have a resource type "foos"');
  });

  it('warns about unknown fields (Warn) and refuses them under kubectl apply\'s strict validation', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: colours\n  colour: red\ndata: {a: "1"}\n';
    const warn = await t.kubectl(['create', '--validate=warn', '-f', '-'], cm);
    expect(warn.stderr.trim()).toBe('Warning: unknown field "metadata.colour"');
    expect(warn.stdout.trim()).toBe('configmap/colours created');
    const strict = await t.kubectl(['apply', '-f', '-'], cm.replace('colours', 'colours2'));
    expect(strict.stderr).toContain('ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "metadata.colour"');
  });

  it('creates from generateName and keeps the status subresource separate', async () => {
    const r = await t.kubectl(['create', '-f', '-', '-o', 'name'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: gen-\n');
    expect(r.stdout.trim()).toMatch(/^configmap\/gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    // A Namespace has a status subresource and no controller writing it: a main patch cannot
    // change the status, a /status patch can.
    await t.kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n');
    const cond = '{"status":{"conditions":[{"type":"KitTest","status":"True"}]}}';
    expect((await t.kubectl(['patch', 'namespace', 'team-a', '--type=merge', '-p', cond])).stdout.trim()).toBe('namespace/team-a patched (no change)');
    expect((await t.kubectl(['patch', 'namespace', 'team-a', '--subresource=status', '--type=merge', '-p', cond])).stdout.trim()).toBe('namespace/team-a patched');
    expect((await t.kubectl(['get', 'namespace', 'team-a', '-o', 'jsonpath={.status.phase} {.status.conditions[0].type}'])).stdout).toBe('Active KitTest');
  });

  it('kubectl run makes a Pending pod; kubectl create configmap|secret (protobuf requests) create what they say', async () => {
    expect((await t.kubectl(['run', 'runner', '--image=nginx:1.27'])).stdout.trim()).toBe('pod/runner created');
    expect(rows((await t.kubectl(['get', 'pod', 'runner'])).stdout)[1]).toMatch(/^runner \| 0\/1 \| Pending \| 0 \| \d+s$/);
    expect((await t.kubectl(['create', 'configmap', 'x', '--from-literal=a=b', '--from-literal=empty='])).stdout.trim()).toBe('configmap/x created');
    expect(JSON.parse((await t.kubectl(['get', 'configmap', 'x', '-o', 'json'])).stdout).data).toEqual({ a: 'b', empty: '' });
    expect((await t.kubectl(['create', 'secret', 'generic', 'creds', '--from-literal=user=kit', '--from-literal=pass=s3cret'])).stdout.trim()).toBe('secret/creds created');
    const secret = JSON.parse((await t.kubectl(['get', 'secret', 'creds', '-o', 'json'])).stdout);
    expect([secret.type, secret.data]).toEqual(['Opaque', { pass: Buffer.from('s3cret').toString('base64'), user: Buffer.from('kit').toString('base64') }]);
    expect((await t.kubectl(['create', 'configmap', 'x', '--from-literal=a=c'])).stderr.trim()).toBe('error: failed to create configmap: configmaps "x" already exists');
  });

  it('kubectl create job --from=cronjob copies the CronJob\'s template (protobuf request), owned by the CronJob', async () => {
    await t.kubectl(['apply', '-f', '-'], helloCronJob(`{name: hello, image: "busybox:1.36", command: ["sh", "-c", "echo hello"],
            env: [{name: GREETING, value: hi}], resources: {requests: {cpu: 100m, memory: 64Mi}}}`));
    expect((await t.kubectl(['create', 'job', 'test', '--from=cronjob/hello'])).stdout.trim()).toBe('job.batch/test created');
    const job = JSON.parse((await t.kubectl(['get', 'job', 'test', '-o', 'json'])).stdout);
    const cronUid = (await t.kubectl(['get', 'cronjob', 'hello', '-o', 'jsonpath={.metadata.uid}'])).stdout;
    expect(job.metadata.annotations).toEqual({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(job.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: cronUid, controller: true }]);
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.template.spec.containers[0]).toMatchObject({
      name: 'hello', image: 'busybox:1.36', command: ['sh', '-c', 'echo hello'], env: [{ name: 'GREETING', value: 'hi' }],
      resources: { requests: { cpu: '100m', memory: '64Mi' } },
    });
  });

  it('answers dry-run requests without writing: apply --dry-run=server, kubectl diff, delete --dry-run=server', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dry\ndata: {mode: a}\n';
    expect((await t.kubectl(['apply', '--dry-run=server', '-f', '-'], cm)).stdout.trim()).toBe('configmap/dry created (server dry run)');
    expect(t.cluster.api.tryGet('ConfigMap', 'default', 'dry')).toBeUndefined();
    await t.kubectl(['apply', '-f', '-'], cm);
    const diff = await t.kubectl(['diff', '-f', '-'], cm.replace('mode: a', 'mode: b'));
    expect(diff.code).toBe(1); // kubectl diff exits 1 when there are differences
    expect(diff.stdout).toMatch(/^-\s+mode: a$/m);
    expect(diff.stdout).toMatch(/^\+\s+mode: b$/m);
    expect(t.cluster.api.get('ConfigMap', 'default', 'dry').data).toEqual({ mode: 'a' });
    expect((await t.kubectl(['delete', 'configmap', 'dry', '--dry-run=server'])).stdout.trim()).toBe('configmap "dry" deleted (server dry run)');
    expect(t.cluster.api.tryGet('ConfigMap', 'default', 'dry')).toBeDefined();
  });
});
