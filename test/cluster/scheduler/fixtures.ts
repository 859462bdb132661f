import type { SchedulerNode, SchedulerPod, Taint } from '../../../src/cluster/scheduler';

export function node(name: string, opts: { cpu?: string; memory?: string; pods?: string; labels?: Record<string, string>; taints?: Taint[]; unschedulable?: boolean } = {}): SchedulerNode {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...opts.labels } },
    spec: { taints: opts.taints, unschedulable: opts.unschedulable },
    status: { allocatable: { cpu: opts.cpu ?? '2', memory: opts.memory ?? '4Gi', pods: opts.pods ?? '110' } },
  };
}

export const controlPlane = () => node('control-plane', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] });

export function pod(name: string, requests: Record<string, string> = {}, spec: Partial<SchedulerPod['spec']> = {}, phase?: string): SchedulerPod {
  return {
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'main', resources: { requests } }], ...spec },
    status: phase ? { phase } : undefined,
  };
}

export const on = (p: SchedulerPod, nodeName: string): SchedulerPod => ({ ...p, spec: { ...p.spec, nodeName } });
