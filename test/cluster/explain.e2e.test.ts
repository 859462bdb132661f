import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './e2e-helpers';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster({ runtime: false });
});
afterAll(() => t.stop());

/** kubectl explain's output with its indentation and blank lines squeezed. */
const squeeze = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('kubectl explain against the embedded cluster (OpenAPI v3 schemas)', () => {
  it('explains a Job field with its type and upstream description', async () => {
    const r = await t.kubectl(['explain', 'job.spec.backoffLimit']);
    expect(r.stderr).toBe('');
    expect(squeeze(r.stdout)).toBe('GROUP: batch KIND: Job VERSION: v1 FIELD: backoffLimit <integer> DESCRIPTION: Specifies the number of retries before marking this job failed. Defaults to 6');
  });

  it('lists nested fields through references, for core, apps and batch kinds', async () => {
    const spec = squeeze((await t.kubectl(['explain', 'cronjob.spec.jobTemplate.spec.template.spec.containers.resources'])).stdout);
    expect(spec).toContain('FIELD: resources <ResourceRequirements>');
    expect(spec).toMatch(/limits <map\[string\]string> Limits describes the maximum amount of compute resources allowed\./);
    const pod = squeeze((await t.kubectl(['explain', 'pod.spec.restartPolicy'])).stdout);
    expect(pod).toMatch(/^KIND: Pod VERSION: v1 FIELD: restartPolicy <string> DESCRIPTION: Restart policy for all containers within the pod\./);
    const deploy = await t.kubectl(['explain', 'deployment.spec.replicas']);
    expect(squeeze(deploy.stdout)).toMatch(/^GROUP: apps KIND: Deployment VERSION: v1 FIELD: replicas <integer> DESCRIPTION: Number of desired pods\./);
    const missing = await t.kubectl(['explain', 'job.spec.nope']);
    expect(missing.stderr.trim()).toBe('error: field "nope" does not exist');
  });
});
