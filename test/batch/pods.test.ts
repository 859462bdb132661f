import { describe, expect, it } from 'vitest';
import { backoffIntervals, maxConcurrent, podTimeline } from '../../src/batch/pods';

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
