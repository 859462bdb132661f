import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/cluster/clock';
import { EmbeddedCluster } from '../../src/cluster/cluster';
import type { KubeObject } from '../../src/cluster/store';

type Json = Record<string, any>;

let cluster: EmbeddedCluster;
beforeAll(async () => {
  cluster = await EmbeddedCluster.start({ clock: new ManualClock(Date.UTC(2024, 0, 1)), runtime: false });
});
afterAll(async () => {
  await cluster?.stop();
});

let seq = 0;
function job(spec: Json, tspec: Json = {}, labels?: Json): KubeObject {
  return {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: `j${++seq}`, namespace: 'default' },
    spec: { ...spec, template: { ...(labels ? { metadata: { labels } } : {}), spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'perl:5.34' }], ...tspec } } },
  };
}

/** The API server's answer, as kubectl prints it after "Error from server (Invalid): ". */
async function rejection(obj: KubeObject): Promise<string> {
  try {
    await cluster.api.create(obj, { dryRun: true });
  } catch (e) {
    return (e as Error).message.replace(/^Job\.batch "j\d+" is invalid: /, '');
  }
  return 'accepted';
}

describe('Job selector (batch validation ValidateGeneratedSelector, ValidateJobSpec)', () => {
  it('rejects a selector without manualSelector: the generated one would select none of its pods', async () => {
    const msg = await rejection(job({ selector: { matchLabels: { app: 'pi' } } }, {}, { app: 'pi' }));
    expect(msg).toMatch(/^spec\.selector: Invalid value: v1\.LabelSelector\{MatchLabels:map\[string\]string\{"app":"pi", "batch\.kubernetes\.io\/controller-uid":"[0-9a-f-]{36}"\}, MatchExpressions:\[\]v1\.LabelSelectorRequirement\(nil\)\}: `selector` not auto-generated$/);
  });

  it('rejects a manual selector that does not match the template labels, and accepts one that does', async () => {
    expect(await rejection(job({ manualSelector: true, selector: { matchLabels: { app: 'pi' } } }, {}, { app: 'other' })))
      .toBe('spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`');
    expect(await rejection(job({ manualSelector: true }, {}, { app: 'pi' }))).toBe('spec.selector: Required value');
    expect(await rejection(job({ manualSelector: true, selector: { matchLabels: { app: 'pi' } } }, {}, { app: 'pi' }))).toBe('accepted');
  });

  it('keeps template labels the user set, and rejects a job-name label that is not the Job name', async () => {
    expect(await rejection(job({}, {}, { 'job-name': 'other' })))
      .toMatch(/^spec\.template\.metadata\.labels\[job-name\]: Invalid value: map\[string\]string\{.*"job-name":"other".*\}: must be 'j\d+'$/);
    const created = await cluster.api.create(job({}, {}, { app: 'pi' }), { dryRun: true });
    expect((created.object.spec as Json).selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': created.object.metadata.uid } });
    expect((created.object.spec as Json).template.metadata.labels.app).toBe('pi');
  });
});

