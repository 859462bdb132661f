import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './e2e-helpers';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster({ runtime: false });
});
afterAll(async () => {
  await t?.stop();
});

/** POSTs a raw body; the status code and the Status message. */
function post(path: string, body: string): Promise<[number, string]> {
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(path, t.url), { method: 'POST', ca: t.ca, headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve([res.statusCode ?? 0, (JSON.parse(text) as { message: string }).message]));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const job = (specExtra: string, containerExtra = '') => `apiVersion: batch/v1
kind: Job
metadata: {name: typed}
spec:
${specExtra}
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
${containerExtra}
`;

describe('what kubectl shows for bodies and options the API server refuses', () => {
  it('answers 400 BadRequest with the decoder message, as upstream does, not a 500 or a validation error', async () => {
    const quoted = await t.kubectl(['apply', '-f', '-'], job('  completions: "5"'));
    expect(quoted.code).not.toBe(0);
    expect(quoted.stderr.trim()).toBe('Error from server (BadRequest): error when creating "STDIN": Job in version "v1" cannot be handled as a Job: json: cannot unmarshal string into Go struct field JobSpec.spec.completions of type int32');
    const envMap = await t.kubectl(['apply', '-f', '-'], job('', '        env: {A: b}'));
    expect(envMap.stderr.trim()).toBe('Error from server (BadRequest): error when creating "STDIN": Job in version "v1" cannot be handled as a Job: json: cannot unmarshal object into Go struct field Container.spec.template.spec.containers.env of type []v1.EnvVar');
    expect((await t.kubectl(['get', 'jobs'])).stderr).toContain('No resources found');
  });

  it('answers 400 to a merge patch that is null and to a body that is not an object', async () => {
    expect((await t.kubectl(['apply', '-f', '-'], job(''))).code).toBe(0);
    const patched = await t.kubectl(['patch', 'job', 'typed', '--type=merge', '-p', 'null']);
    expect(patched.stderr.trim()).toBe("Error from server (BadRequest): Object 'Kind' is missing in 'null'");
    expect(await post('/api/v1/namespaces/default/pods', '[]')).toEqual([400, 'couldn\'t get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }']);
    expect(await post('/api/v1/namespaces/default/pods', 'null')).toEqual([400, "Object 'Kind' is missing in 'null'"]);
  });

  it('says what evanphx/json-patch says when a JSON patch does not apply', async () => {
    const missing = await t.kubectl(['patch', 'job', 'typed', '--type=json', '-p', '[{"op":"remove","path":"/spec/nope"}]']);
    expect(missing.stderr.trim()).toBe("The request is invalid: : error in remove for path: '/spec/nope': Unable to remove nonexistent key: nope: missing value");
    const parent = await t.kubectl(['patch', 'job', 'typed', '--type=json', '-p', '[{"op":"remove","path":"/spec/nope/deeper"}]']);
    expect(parent.stderr.trim()).toBe('The request is invalid: : remove operation does not apply: doc is missing path: "/spec/nope/deeper": missing value');
  });

  it('refuses log options upstream refuses (ValidatePodLogOptions)', async () => {
    const tail = await t.kubectl(['get', '--raw', '/api/v1/namespaces/default/pods/nopod/log?tailLines=-3']);
    expect(tail.stderr.trim()).toBe('The PodLogOptions "nopod" is invalid: tailLines: Invalid value: -3: must be greater than or equal to 0');
    const both = await t.kubectl(['get', '--raw', '/api/v1/namespaces/default/pods/nopod/log?sinceSeconds=5&sinceTime=2024-01-01T00:00:00Z']);
    expect(both.stderr.trim()).toBe('The PodLogOptions "nopod" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified');
  });
});
