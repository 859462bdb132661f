import { describe, expect, it } from 'vitest';
import { backoffIntervals, maxConcurrent, podTimeline } from '../../src/batch/pods';
import { nodePodCounts } from '../../src/batch/observe';
import type { KubeObject } from '../../src/cluster/store';

function pod(name: string, created: string, phase: string, finished?: string) {
  return {
    metadata: { name, creationTimestamp: `2024-01-01T00:00:${created}Z` },
    status: { phase, containerStatuses: [{ state: finished ? { terminated: { finishedAt: `2024-01-01T00:00:${finished}Z` } } : { running: {} } }] },
  };
}

describe('podTimeline', () => {
  it('gives one span per pod in seconds since the first creation, oldest first, coloured by phase', () => {
    const spans = podTimeline([pod('b', '03', 'Succeeded', '09'), pod('a', '01', 'Succeeded', '06')]);
    expect(spans).toEqual([
      { lane: 'a', start: 0, end: 5, status: 'Succeeded' },
      { lane: 'b', start: 2, end: 8, status: 'Succeeded' },
    ]);
  });

  it('ends a running pod at `now`', () => {
    const origin = Date.parse('2024-01-01T00:00:00Z');
    expect(podTimeline([pod('a', '02', 'Running')], { origin, now: origin + 7000 })).toEqual([{ lane: 'a', start: 2, end: 7, status: 'Running' }]);
  });
});

describe('maxConcurrent', () => {
  it('counts overlapping spans; one ending when another starts does not overlap', () => {
    expect(maxConcurrent([{ start: 0, end: 5 }, { start: 0, end: 5 }, { start: 5, end: 10 }])).toBe(2);
    expect(maxConcurrent([{ start: 0, end: 5 }, { start: 1, end: 6 }, { start: 2, end: 3 }])).toBe(3);
    expect(maxConcurrent([])).toBe(0);
  });
});

describe('backoffIntervals', () => {
  it('measures from each failed pod\'s end to the next pod\'s creation', () => {
    const pods = [pod('a', '00', 'Failed', '05'), pod('b', '15', 'Failed', '20'), pod('c', '40', 'Failed', '45')];
    expect(backoffIntervals(pods)).toEqual([10, 20]);
  });

  it('skips gaps after a pod that succeeded', () => {
    expect(backoffIntervals([pod('a', '00', 'Succeeded', '05'), pod('b', '05', 'Succeeded', '10')])).toEqual([]);
  });
});

describe('nodePodCounts', () => {
  const p = (name: string, node: string, owner?: string) => ({
    metadata: { name, ownerReferences: owner ? [{ apiVersion: 'apps/v1', kind: owner.split('/')[0], name: owner.split('/')[1], uid: owner, controller: true }] : undefined },
    spec: { nodeName: node },
  });
  it('counts pods per node and owner, 0 where an owner has none', () => {
    const pods = [p('ds-a', 'n1', 'DaemonSet/ds'), p('ds-b', 'n2', 'DaemonSet/ds'), p('rs-a', 'n2', 'ReplicaSet/rs'), p('bare', 'n1')];
    expect(nodePodCounts(pods as KubeObject[], ['n1', 'n2', 'n3'])).toEqual([
      { node: 'n1', '(none)': 1, 'DaemonSet/ds': 1, 'ReplicaSet/rs': 0 },
      { node: 'n2', '(none)': 0, 'DaemonSet/ds': 1, 'ReplicaSet/rs': 1 },
      { node: 'n3', '(none)': 0, 'DaemonSet/ds': 0, 'ReplicaSet/rs': 0 },
    ]);
  });
});
