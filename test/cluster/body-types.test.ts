import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/cluster/store';
import { sharedManualCluster } from './helpers';

type Json = Record<string, any>;

const shared = sharedManualCluster();

const container = (extra: Json = {}) => ({ name: 'main', image: 'busybox:1.36', ...extra });
const job = (spec: Json, c: Json = {}): KubeObject => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [container(c)] } }, ...spec } });
const pod = (spec: Json, meta: Json = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...meta }, spec: { containers: [container()], ...spec } });

/** "<status> <message>" of the answer, as kubectl shows it after "Error from server (BadRequest): ". */
async function answer(obj: KubeObject): Promise<string> {
  return shared.cluster.api.create(obj, { dryRun: true }).then(() => 'accepted', (e: Error & { code?: number }) => `${e.code} ${e.message}`);
}

describe('request bodies are decoded into the Go types before validation (400, never 500)', () => {
  it.each([
    [job({ completions: '5' }), '400 Job in version "v1" cannot be handled as a Job: json: cannot unmarshal string into Go struct field JobSpec.spec.completions of type int32'],
    [job({ completions: 2.5 }), '400 Job in version "v1" cannot be handled as a Job: json: cannot unmarshal number 2.5 into Go struct field JobSpec.spec.completions of type int32'],
    [job({}, { env: { A: 'b' } }), '400 Job in version "v1" cannot be handled as a Job: json: cannot unmarshal object into Go struct field Container.spec.template.spec.containers.env of type []v1.EnvVar'],
    [job({}, { env: [{ name: 'A', value: 1 }] }), '400 Job in version "v1" cannot be handled as a Job: json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string'],
    [job({}, { args: ['sleep', 5] }), '400 Job in version "v1" cannot be handled as a Job: json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.args of type string'],
    [pod({ containers: { name: 'main', image: 'x' } }), '400 Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container'],
    [pod({}, { labels: { tier: 1 } }), '400 Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string'],
    [pod({ hostNetwork: 'yes' }), '400 Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool'],
    [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: [] } as KubeObject, '400 Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal array into Go struct field Deployment.spec of type v1.DeploymentSpec'],
  ])('%#', async (obj, expected) => {
    expect(await answer(obj)).toBe(expected);
  });

  it('accepts what Go accepts: numbers as quantities, null for any field', async () => {
    expect(await answer(pod({ containers: [container({ resources: { limits: { cpu: 1, memory: '64Mi' } } })], nodeSelector: null }))).toBe('accepted');
  });
});
