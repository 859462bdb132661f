import { describe, expect, it } from 'vitest';
import { balancedAllocationScore, buildNodeInfos, leastAllocatedScore, reasonHistogram, schedulePod } from '../../../src/cluster/scheduler';
import { controlPlane, node, on, pod } from './fixtures';

const cluster = () => [controlPlane(), node('worker-1'), node('worker-2')];

describe('FailedScheduling messages', () => {
  it('reads like kube-scheduler when a pod fits nowhere', () => {
    const r = schedulePod(pod('big', { cpu: '3' }), cluster(), []);
    expect(r.scheduled).toBe(false);
    if (r.scheduled) return;
    expect(r.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. '
      + 'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
    expect(r.filtered['worker-1']).toEqual({ plugin: 'NodeResourcesFit', code: 'Unschedulable', reasons: ['Insufficient cpu'] });
  });

  it('counts every missing resource of a node, and requests on top of what is already there', () => {
    const running = [on(pod('a', { cpu: '1500m', memory: '3Gi' }), 'worker-1'), on(pod('b', { cpu: '1500m', memory: '3Gi' }), 'worker-2')];
    const r = schedulePod(pod('c', { cpu: '1', memory: '2Gi' }), cluster(), running);
    expect(r.scheduled || r.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu, 2 Insufficient memory. '
      + 'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });

  it('sorts the histogram as strings, as Go does ("10 …" before "2 …")', () => {
    expect(reasonHistogram([...Array(10)].map(() => ['Insufficient cpu']).concat([['node(s) were unschedulable'], ['node(s) were unschedulable']])))
      .toEqual(['10 Insufficient cpu', '2 node(s) were unschedulable']);
  });

  it('reports cordoned nodes, node selectors and the pod limit', () => {
    const nodes = [node('a', { unschedulable: true }), node('b', { labels: { disk: 'hdd' } }), node('c', { pods: '1', labels: { disk: 'ssd' } })];
    const r = schedulePod(pod('p', {}, { nodeSelector: { disk: 'ssd' } }), nodes, [on(pod('x'), 'c')]);
    expect(r.scheduled || r.message).toBe(
      "0/3 nodes are available: 1 Too many pods, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable. "
      + 'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
  });

  it('says when the pod may not preempt, and when there are no nodes', () => {
    const r = schedulePod(pod('big', { cpu: '3' }, { preemptionPolicy: 'Never' }), [node('w')], []);
    expect(r.scheduled || r.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
    expect(schedulePod(pod('p'), [], [])).toMatchObject({ scheduled: false, message: 'no nodes available to schedule pods' });
  });
});

describe('choosing a node', () => {
  it('never picks the tainted control plane, and spreads by least allocated', () => {
    const busy = [on(pod('a', { cpu: '1' }), 'worker-1')];
    expect(schedulePod(pod('p', { cpu: '500m' }), cluster(), busy)).toMatchObject({ scheduled: true, nodeName: 'worker-2' });
  });

  it('pods without requests still spread (scored as 100m / 200Mi) but never fail for resources', () => {
    const nodes = [node('w1'), node('w2')];
    const pods = [on(pod('a'), 'w1'), on(pod('b'), 'w1')];
    expect(schedulePod(pod('p'), nodes, pods)).toMatchObject({ scheduled: true, nodeName: 'w2' });
  });

  it('finished pods (Succeeded, Failed) free their node', () => {
    const nodes = [node('w1', { cpu: '1' })];
    const done = [on(pod('pi-1', { cpu: '1' }, {}, 'Succeeded'), 'w1'), on(pod('pi-2', { cpu: '1' }, {}, 'Failed'), 'w1')];
    expect(schedulePod(pod('pi-3', { cpu: '1' }), nodes, done)).toMatchObject({ scheduled: true, nodeName: 'w1' });
    const running = [on(pod('pi-1', { cpu: '1' }, {}, 'Running'), 'w1')];
    expect(schedulePod(pod('pi-3', { cpu: '1' }), nodes, running)).toMatchObject({ scheduled: false });
  });

  it('breaks ties by name, or by the random source given (reservoir sampling, as selectHost)', () => {
    const nodes = [node('w3'), node('w1'), node('w2')];
    expect(schedulePod(pod('p'), nodes, [])).toMatchObject({ nodeName: 'w1' });
    // Reservoir sampling over w1, w2, w3: the k-th tie replaces the pick when floor(random * k) is 0.
    const seq = (...xs: number[]) => () => xs.shift() ?? 0.99;
    expect(schedulePod(pod('p'), nodes, [], { random: seq(0.99, 0.99) })).toMatchObject({ nodeName: 'w1' });
    expect(schedulePod(pod('p'), nodes, [], { random: seq(0.4, 0.99) })).toMatchObject({ nodeName: 'w2' });
    expect(schedulePod(pod('p'), nodes, [], { random: seq(0.99, 0.2) })).toMatchObject({ nodeName: 'w3' });
  });

  it('a pod that tolerates the control-plane taint may land there', () => {
    const tol = [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }];
    const r = schedulePod(pod('p', { cpu: '1' }, { tolerations: tol }), [controlPlane()], []);
    expect(r).toMatchObject({ scheduled: true, nodeName: 'control-plane' });
  });

  it('prefers nodes without untolerated PreferNoSchedule taints and with preferred affinity', () => {
    const nodes = [node('a', { taints: [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }] }), node('b')];
    expect(schedulePod(pod('p'), nodes, [])).toMatchObject({ nodeName: 'b' });
    const prefer = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z2'] }] } }] } };
    const zoned = [node('a', { labels: { zone: 'z1' } }), node('b', { labels: { zone: 'z2' } })];
    expect(schedulePod(pod('p', {}, { affinity: prefer }), zoned, [])).toMatchObject({ nodeName: 'b' });
  });
});

describe('preemption', () => {
  it('nominates the node where evicting lower-priority pods makes room, keeping what it can', () => {
    const nodes = [node('w1', { cpu: '2' })];
    const pods = [
      on(pod('low-a', { cpu: '500m' }, { priority: 0 }), 'w1'),
      on(pod('low-b', { cpu: '1' }, { priority: 10 }), 'w1'),
      on(pod('same', { cpu: '500m' }, { priority: 100 }), 'w1'),
    ];
    const r = schedulePod(pod('urgent', { cpu: '1' }, { priority: 100 }), nodes, pods);
    expect(r.scheduled).toBe(false);
    if (r.scheduled) return;
    // After the victims are gone the next cycle binds it; this cycle's message has no preemption part.
    expect(r.message).toBe('0/1 nodes are available: 1 Insufficient cpu.');
    expect(r.nominatedNodeName).toBe('w1');
    expect(r.victims.map((v) => v.metadata.name)).toEqual(['low-b']);
  });
});

describe('scores', () => {
  it('LeastAllocated and BalancedAllocation follow upstream’s integer formulas', () => {
    const [info] = buildNodeInfos([node('w', { cpu: '4', memory: '8Gi' })], [on(pod('a', { cpu: '1', memory: '2Gi' }), 'w')]);
    // cpu: (4000 - 2000) * 100 / 4000 = 50; memory: (8Gi - 3Gi) * 100 / 8Gi = 62 → (50 + 62) / 2 = 56
    expect(leastAllocatedScore(info, { cpu: 1000, memory: 1024 ** 3 })).toBe(56);
    // fractions 0.5 and 0.375 → std 0.0625 → 93
    expect(balancedAllocationScore(info, { cpu: 1000, memory: 1024 ** 3 })).toBe(93);
  });
});
