import { describe, expect, it } from 'vitest';
import { containerRequests, podRequests } from '../../../src/cluster/resources';

describe('podRequests', () => {
  it('sums the app containers', () => {
    expect(podRequests({
      containers: [
        { resources: { requests: { cpu: '250m', memory: '64Mi' } } },
        { resources: { requests: { cpu: '0.5', memory: '128Mi' } } },
      ],
    })).toEqual({ cpu: 750, memory: 192 * 1024 ** 2 });
  });

  it('takes the largest init container when it is bigger than the sum', () => {
    const spec = {
      initContainers: [{ resources: { requests: { cpu: '2' } } }, { resources: { requests: { cpu: '1', memory: '1Gi' } } }],
      containers: [{ resources: { requests: { cpu: '500m', memory: '256Mi' } } }],
    };
    expect(podRequests(spec)).toEqual({ cpu: 2000, memory: 1024 ** 3 });
  });

  it('adds the pod overhead (RuntimeClass) on top', () => {
    expect(podRequests({ containers: [{ resources: { requests: { cpu: '100m' } } }], overhead: { cpu: '250m', memory: '120Mi' } }))
      .toEqual({ cpu: 350, memory: 120 * 1024 ** 2 });
  });

  it('counts sidecars (restartPolicy: Always) in the sum and under later init containers', () => {
    const spec = {
      initContainers: [
        { name: 'proxy', restartPolicy: 'Always', resources: { requests: { cpu: '200m' } } },
        { name: 'migrate', resources: { requests: { cpu: '1' } } },
      ],
      containers: [{ resources: { requests: { cpu: '300m' } } }],
    };
    // app 300m + sidecar 200m = 500m; migrate runs beside the sidecar: 1000m + 200m = 1200m
    expect(podRequests(spec)).toEqual({ cpu: 1200 });
  });

  it('uses limits as requests when only limits are set, and nothing when neither is', () => {
    expect(containerRequests({ resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '100m' } } })).toEqual({ cpu: 100, memory: 1024 ** 3 });
    expect(podRequests({ containers: [{ name: 'busybox' }] })).toEqual({});
  });
});
