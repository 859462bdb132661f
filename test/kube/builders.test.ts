import type { V1CronJob, V1Deployment, V1Job, V1Pod } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalEndJob, piJob } from '../../src/batch/manifests';
import { EmbeddedCluster } from '../../src/cluster/cluster';
import { cronJobManifest, deploymentManifest, jobManifest, podManifest, validateManifest } from '../../src/kube';

let cluster: EmbeddedCluster;
beforeAll(async () => {
  cluster = await EmbeddedCluster.start({ runtime: false });
});
afterAll(async () => {
  await cluster?.stop();
});

/** What the embedded API server answers when the object is created. */
async function serverMessage(obj: object): Promise<string> {
  try {
    await cluster.api.create(structuredClone(obj) as never, { dryRun: true });
    return 'created';
  } catch (e) {
    return (e as Error).message;
  }
}

const pi = () => jobManifest({ name: 'pi', image: 'perl', container: 'pi', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'], completions: 5, parallelism: 2, backoffLimit: 4 });

describe('manifest builders', () => {
  it('jobManifest builds the seeds\' pi and normal-end Jobs, field for field, typed as client-node\'s V1Job', () => {
    const job: V1Job = pi();
    expect(job).toEqual(YAML.parse(piJob));
    expect(jobManifest({ name: 'normal-end', image: 'busybox:latest', container: 'busybox', command: ['sh', '-c', 'sleep 5; exit 0'], completions: 6, parallelism: 2 })).toEqual(YAML.parse(normalEndJob));
  });

  it('podManifest, deploymentManifest and cronJobManifest print as hand-written YAML', () => {
    const pod: V1Pod = podManifest({ name: 'web', image: 'nginx:1.27', env: { MODE: 'a' }, labels: { app: 'web' } });
    expect(YAML.stringify(pod)).toBe(`apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      env:
        - name: MODE
          value: a
`);
    const deploy: V1Deployment = deploymentManifest({ name: 'web', image: 'nginx:1.27', replicas: 2 });
    expect(deploy.spec).toEqual({ replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } });
    const cron: V1CronJob = cronJobManifest({ name: 'hello', schedule: '*/1 * * * *', concurrencyPolicy: 'Forbid', image: 'busybox', command: ['sh', '-c', 'date'] });
    expect(cron.spec).toEqual({ schedule: '*/1 * * * *', concurrencyPolicy: 'Forbid', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'hello', image: 'busybox', command: ['sh', '-c', 'date'] }] } } } } });
  });

  it('each builder\'s object is accepted by the embedded API server', async () => {
    for (const obj of [pi(), podManifest({ name: 'p', image: 'busybox' }), deploymentManifest({ name: 'd', image: 'nginx' }), cronJobManifest({ name: 'c', schedule: '@hourly', image: 'busybox' })]) {
      expect(validateManifest(obj)).toEqual([expect.objectContaining({ valid: true, errors: [] })]);
      expect(await serverMessage(obj)).toBe('created');
    }
  });
});

describe('validateManifest', () => {
  it('rejects restartPolicy Always in a Job with the API server\'s message and field path', async () => {
    const bad = jobManifest({ name: 'pi', image: 'perl', restartPolicy: 'Always' as 'Never' });
    const [v] = validateManifest(bad);
    expect(v.valid).toBe(false);
    expect(v.ref).toBe('job.batch/pi');
    expect(v.errors).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"']);
    expect(v.message).toBe('Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"');
    expect(await serverMessage(bad)).toBe(v.message);
  });

  it('gives the same messages as the server for several mistakes at once, and for a bad schedule', async () => {
    const bad = jobManifest({ name: 'Bad_Name', image: '', parallelism: -1 });
    const [v] = validateManifest(bad);
    expect(v.errors.length).toBeGreaterThan(1);
    expect(v.errors.some((e) => e.startsWith('metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain'))).toBe(true);
    expect(v.errors).toContain('spec.parallelism: Invalid value: -1: must be greater than or equal to 0');
    expect(await serverMessage(bad)).toBe(v.message);
    const cron = cronJobManifest({ name: 'c', schedule: '61 * * * *', image: 'busybox' });
    const [c] = validateManifest(cron);
    expect(c.valid).toBe(false);
    expect(c.errors[0]).toMatch(/^spec\.schedule: Invalid value: "61 \* \* \* \*": /);
    expect(await serverMessage(cron)).toBe(c.message);
  });

  it('checks each document of a YAML text, and names an unknown kind as kubectl does', () => {
    const out = validateManifest(`${piJob}---\napiVersion: v1\nkind: Widget\nmetadata: {name: w}\n`);
    expect(out.map((v) => [v.ref, v.valid])).toEqual([['job.batch/pi', true], ['widget/w', false]]);
    expect(out[1].message).toBe('no matches for kind "Widget" in version "v1"');
    expect(validateManifest({ apiVersion: 'batch/v2', kind: 'Job', metadata: { name: 'j' } })[0].message).toBe('no matches for kind "Job" in version "batch/v2"');
  });

  it('does not change the object it checks', () => {
    const job = pi();
    const before = structuredClone(job);
    validateManifest(job);
    expect(job).toEqual(before);
  });
});
