import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerImage, unregisterImage } from '../../../src/cluster/images';
import { helloCronJob, rows, startTestCluster, until, type TestCluster } from '../e2e-helpers';

// Ten virtual seconds per real second: image pulls (1–3 s) and back-offs pass quickly.
let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster({ speed: 10 });
});
afterAll(async () => {
  await t?.stop();
  unregisterImage('kit-test/ignores-sigterm');
});

const nginxDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;

function pod(name: string, container: string, restartPolicy = 'Always', resources = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  restartPolicy: ${restartPolicy}
  containers:
  - name: main
${container}${resources}`;
}

async function statusOf(name: string): Promise<string> {
  const out = await t.kubectl(['get', 'pod', name, '--no-headers']);
  return out.stdout.trim().split(/\s+/)[2] ?? '';
}

describe('pods, ReplicaSets and Deployments driven by real kubectl', () => {
  it('applies an nginx Deployment; rollout status succeeds; pods are 1/1 Running', async () => {
    const applied = await t.kubectl(['apply', '-f', '-'], nginxDeployment);
    expect(applied.stderr).toBe('');
    expect(applied.stdout.trim()).toBe('deployment.apps/web created');
    const status = await t.kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('deployment "web" successfully rolled out');
    const pods = rows((await t.kubectl(['get', 'pods', '-l', 'app=web'])).stdout);
    expect(pods[0]).toBe('NAME | READY | STATUS | RESTARTS | AGE');
    expect(pods).toHaveLength(3);
    for (const r of pods.slice(1)) expect(r).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5} \| 1\/1 \| Running \| 0 \| \d+s$/);
    const deploy = rows((await t.kubectl(['get', 'deployment', 'web'])).stdout);
    expect(deploy[1]).toMatch(/^web \| 2\/2 \| 2 \| 2 \| \d+s$/);
  });

  it('kubectl rollout restart creates a new ReplicaSet and the rollout completes', async () => {
    const before = (await t.kubectl(['get', 'rs', '-l', 'app=web', '-o', 'name'])).stdout.trim().split('\n');
    const restarted = await t.kubectl(['rollout', 'restart', 'deployment/web']);
    expect(restarted.stdout.trim()).toBe('deployment.apps/web restarted');
    const status = await t.kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('deployment "web" successfully rolled out');
    const after = rows((await t.kubectl(['get', 'rs', '-l', 'app=web'])).stdout).slice(1);
    expect(after).toHaveLength(2);
    const fresh = after.find((r) => !before.includes(`replicaset.apps/${r.split(' | ')[0]}`))!;
    expect(fresh).toMatch(/ \| 2 \| 2 \| 2 \| /);
    const history = await t.kubectl(['rollout', 'history', 'deployment/web']);
    expect(rows(history.stdout).slice(-2).map((r) => r.split(' | ')[0])).toEqual(['1', '2']);
    const describe = await t.kubectl(['describe', 'deployment', 'web']);
    expect(describe.stdout).toMatch(/ScalingReplicaSet\s+.*Scaled up replica set web-\w+ from 0 to 1/);
  });

  it('kubectl set image rolls forward and kubectl rollout undo brings the previous ReplicaSet back', async () => {
    expect((await t.kubectl(['set', 'image', 'deployment/web', 'nginx=nginx:1.26'])).stdout.trim()).toBe('deployment.apps/web image updated');
    expect((await t.kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s'])).code).toBe(0);
    const undo = await t.kubectl(['rollout', 'undo', 'deployment/web']);
    expect(undo.stdout.trim()).toBe('deployment.apps/web rolled back');
    expect((await t.kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s'])).code).toBe(0);
    const image = await t.kubectl(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image} {.metadata.annotations.deployment\\.kubernetes\\.io/revision}']);
    expect(image.stdout).toBe('nginx:1.27 4');
    expect(rows((await t.kubectl(['get', 'rs', '-l', 'app=web'])).stdout).slice(1)).toHaveLength(3);
  });

  it('shows ErrImagePull / ImagePullBackOff for an unknown image, with the event', async () => {
    await t.kubectl(['apply', '-f', '-'], pod('ghost', '    image: no-such-image:9.9\n'));
    const seen = new Set<string>();
    await until('ImagePullBackOff', async () => {
      seen.add(await statusOf('ghost'));
      return seen.has('ImagePullBackOff');
    }, 30_000);
    const describe = await t.kubectl(['describe', 'pod', 'ghost']);
    expect(describe.stdout).toMatch(/Warning\s+Failed\s+.*Failed to pull image "no-such-image:9\.9"/);
    expect(describe.stdout).toContain('kit images');
    expect(describe.stdout).toMatch(/Reason:\s+(ErrImagePull|ImagePullBackOff)/);
  });

  it('keeps a pod requesting 100 CPUs Pending with FailedScheduling in kubectl describe', async () => {
    await t.kubectl(['apply', '-f', '-'], pod('huge', '    image: nginx:1.27\n', 'Always', '    resources:\n      requests: {cpu: "100"}\n'));
    await until('FailedScheduling', async () => (await t.kubectl(['describe', 'pod', 'huge'])).stdout.includes('FailedScheduling'), 20_000);
    expect(await statusOf('huge')).toBe('Pending');
    const describe = (await t.kubectl(['describe', 'pod', 'huge'])).stdout;
    expect(describe).toMatch(/Warning\s+FailedScheduling\s+.*0\/3 nodes are available: 3 Insufficient cpu/);
    expect(describe).toMatch(/PodScheduled\s+False/);
  });

  it('kubectl logs shows what a busybox pod echoes', async () => {
    await t.kubectl(['apply', '-f', '-'], pod('echo', '    image: busybox:1.36\n    command: ["sh", "-c", "echo hello from the kit; echo second line"]\n', 'Never'));
    await until('Completed', async () => (await statusOf('echo')) === 'Completed', 30_000);
    const logs = await t.kubectl(['logs', 'echo']);
    expect(logs.stdout).toBe('hello from the kit\nsecond line\n');
  });

  it('a pod running `sh -c "exit 3"` with restartPolicy Never ends Failed with exit code 3', async () => {
    await t.kubectl(['apply', '-f', '-'], pod('three', '    image: busybox:1.36\n    command: ["sh", "-c", "exit 3"]\n', 'Never'));
    await until('Error', async () => (await statusOf('three')) === 'Error', 30_000);
    const phase = await t.kubectl(['get', 'pod', 'three', '-o', 'jsonpath={.status.phase} {.status.containerStatuses[0].state.terminated.exitCode}']);
    expect(phase.stdout).toBe('Failed 3');
  });

  it('a crashing container shows CrashLoopBackOff with RESTARTS, and kubectl logs --previous shows the last run', async () => {
    await t.kubectl(['apply', '-f', '-'], pod('crasher', '    image: busybox:1.36\n    command: ["sh", "-c", "echo run at $HOSTNAME; exit 1"]\n'));
    const row = await until('CrashLoopBackOff', async () => {
      const r = rows((await t.kubectl(['get', 'pod', 'crasher'])).stdout)[1] ?? '';
      return r.includes('CrashLoopBackOff') && !r.includes(' | 0 | ') ? r : undefined;
    }, 30_000);
    expect(row).toMatch(/^crasher \| 0\/1 \| CrashLoopBackOff \| \d+ \(\d+s ago\) \| \d+s$/);
    const previous = await t.kubectl(['logs', 'crasher', '--previous']);
    expect(previous.stdout).toBe('run at crasher\n');
    const describe = (await t.kubectl(['describe', 'pod', 'crasher'])).stdout;
    expect(describe).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+1/);
    expect(describe).toMatch(/Warning\s+BackOff\s+.*Back-off restarting failed container main in pod crasher_default/);
  });

  it('kubectl delete pod: Terminating for the grace period while a workload ignores SIGTERM, then gone', async () => {
    registerImage({ name: 'kit-test/ignores-sigterm', description: 'keeps running after SIGTERM', example: '', run: () => new Promise<number>(() => {}) });
    await t.kubectl(['apply', '-f', '-'], pod('stubborn', '    image: kit-test/ignores-sigterm\n').replace('spec:\n', 'spec:\n  terminationGracePeriodSeconds: 30\n'));
    await until('Running', async () => (await statusOf('stubborn')) === 'Running', 30_000);
    const deleting = t.kubectl(['delete', 'pod', 'stubborn']);
    // 30 virtual seconds are 3 real ones at speed 10: kubectl get sees the pod Terminating meanwhile.
    const row = await until('Terminating', async () => {
      const r = rows((await t.kubectl(['get', 'pod', 'stubborn'])).stdout)[1] ?? '';
      return r.includes('Terminating') ? r : undefined;
    }, 30_000);
    // READY drops to 0/1 once the kubelet has seen the deletion.
    expect(row).toMatch(/^stubborn \| [01]\/1 \| Terminating \| 0 \| \d+s$/);
    const deleted = await deleting;
    expect([deleted.code, deleted.stdout.trim()]).toEqual([0, 'pod "stubborn" deleted']);
    expect((await t.kubectl(['get', 'pod', 'stubborn'])).stderr.trim()).toBe('Error from server (NotFound): pods "stubborn" not found');
    const events = (await t.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=stubborn'])).stdout;
    expect(events).toMatch(/Normal\s+Killing\s+pod\/stubborn\s+Stopping container main/);
  });

  it('kubectl delete pod stops a sleeping container at once (SIGTERM), and --grace-period=0 --force skips the wait', async () => {
    // A grace period of 6 real minutes: the delete can only return because SIGTERM ended the sleep.
    await t.kubectl(['apply', '-f', '-'], pod('sleeper', '    image: busybox:1.36\n    command: ["sleep", "3600"]\n').replace('spec:\n', 'spec:\n  terminationGracePeriodSeconds: 3600\n'));
    await t.kubectl(['apply', '-f', '-'], pod('forced', '    image: busybox:1.36\n    command: ["sleep", "3600"]\n'));
    await until('Running', async () => (await statusOf('sleeper')) === 'Running' && (await statusOf('forced')) === 'Running', 30_000);
    const deleted = await t.kubectl(['delete', 'pod', 'sleeper']);
    expect([deleted.code, deleted.stdout.trim()]).toEqual([0, 'pod "sleeper" deleted']);
    const forced = await t.kubectl(['delete', 'pod', 'forced', '--grace-period=0', '--force']);
    expect(forced.stderr).toContain('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated.');
    expect(forced.stdout.trim()).toBe('pod "forced" force deleted');
    expect((await t.kubectl(['get', 'pods', 'sleeper', 'forced'])).stderr.trim().split('\n')).toEqual([
      'Error from server (NotFound): pods "sleeper" not found',
      'Error from server (NotFound): pods "forced" not found',
    ]);
  });

  it('kubectl create deployment rolls out, and kubectl create job --from=cronjob runs the CronJob\'s pod (protobuf requests)', async () => {
    expect((await t.kubectl(['create', 'deployment', 'made', '--image=nginx:1.27', '--replicas=2', '--port=80'])).stdout.trim()).toBe('deployment.apps/made created');
    expect((await t.kubectl(['rollout', 'status', 'deployment/made', '--timeout=60s'])).stdout).toContain('deployment "made" successfully rolled out');
    expect(rows((await t.kubectl(['get', 'deployment', 'made'])).stdout)[1]).toMatch(/^made \| 2\/2 \| 2 \| 2 \| \d+s$/);
    await t.kubectl(['apply', '-f', '-'], helloCronJob('{name: hello, image: "busybox:1.36", command: ["sh", "-c", "echo hello from $HOSTNAME"]}'));
    expect((await t.kubectl(['create', 'job', 'test', '--from=cronjob/hello'])).stdout.trim()).toBe('job.batch/test created');
    expect((await t.kubectl(['wait', '--for=condition=complete', 'job/test', '--timeout=60s'])).stdout.trim()).toBe('job.batch/test condition met');
    expect((await t.kubectl(['logs', 'job/test'])).stdout).toMatch(/^hello from test-[a-z0-9]{5}\n$/);
  });
});
