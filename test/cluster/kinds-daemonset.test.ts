import { describe, expect, it } from 'vitest';
import { defaultKinds } from '../../src/cluster/kinds';
import type { KubeObject } from '../../src/cluster/store';

type Json = Record<string, any>;

const ds = defaultKinds().must('DaemonSet');
const T0 = Date.UTC(2024, 0, 1);

function daemonSet(spec: Json = {}, tspec: Json = {}): KubeObject {
  const obj: KubeObject = {
    metadata: { name: 'agent', namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'nginx' }], ...tspec } }, ...spec },
  };
  ds.defaults!(obj, { clock: { now: () => T0 } as never });
  return obj;
}

const errors = (obj: KubeObject, old?: KubeObject) => ds.validate!(obj, old).map((e) => `${e.field}: ${e.detail}`);

describe('DaemonSet kind (apps/v1)', () => {
  it('defaults the update strategy as SetDefaults_DaemonSet: RollingUpdate, maxUnavailable 1, maxSurge 0, revisionHistoryLimit 10', () => {
    const obj = daemonSet();
    expect((obj.spec as Json).updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect((obj.spec as Json).revisionHistoryLimit).toBe(10);
    expect((obj.spec as Json).template.spec.restartPolicy).toBe('Always');
    expect(errors(obj)).toEqual([]);
  });

  it.each([
    [{}, { restartPolicy: 'Never' }, 'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    [{}, { activeDeadlineSeconds: 30 }, 'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported'],
    [{ selector: undefined }, {}, 'spec.selector: Required value'],
    [{ selector: { matchLabels: {} } }, {}, 'spec.selector: Invalid value: {"matchLabels":{}}: empty selector is invalid for daemonset'],
    [{ selector: { matchLabels: { app: 'other' } } }, {}, 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"agent"}: `selector` does not match template `labels`'],
    [{ minReadySeconds: -1 }, {}, 'spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0'],
    [{ updateStrategy: { type: 'Recreate' } }, {}, 'spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:"Recreate", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: "RollingUpdate", "OnDelete"'],
    [{ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } }, {}, 'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0'],
    [{ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } }, {}, 'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero'],
    [{ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '150%', maxSurge: 0 } } }, {}, 'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%'],
  ])('rejects spec %j, template %j', (spec, tspec, message) => {
    expect(errors(daemonSet(spec, tspec))).toEqual([message]);
  });

  it('accepts OnDelete, and a surge-only rolling update', () => {
    expect(errors(daemonSet({ updateStrategy: { type: 'OnDelete' } }))).toEqual([]);
    expect(errors(daemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } } }))).toEqual([]);
  });

  it('keeps the selector immutable', () => {
    const old = daemonSet();
    const changed = daemonSet({ selector: { matchLabels: { app: 'agent', tier: 'node' } } }, {});
    (changed.spec as Json).template.metadata.labels.tier = 'node';
    expect(errors(changed, old)).toEqual(['spec.selector: Invalid value: {"matchLabels":{"app":"agent","tier":"node"}}: field is immutable']);
  });

  it('prints NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE (printDaemonSet)', () => {
    expect(ds.columns.map((c) => c.name.toUpperCase())).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    const obj = { ...daemonSet({}, { nodeSelector: { zone: 'a', disktype: 'ssd' } }), status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2, numberMisscheduled: 0 } };
    expect(ds.row(obj, T0 + 90_000)).toEqual(['agent', 3, 3, 2, 3, 2, 'disktype=ssd,zone=a', '90s', 'a', 'nginx', 'app=agent']);
    expect(ds.row(daemonSet(), T0).slice(1, 7)).toEqual([0, 0, 0, 0, 0, '<none>']);
  });
});
