/**
 * The simulated node pool: Node objects registered at start, as kubelets register themselves
 * (pkg/kubelet/kubelet_node_status.go). They are Ready with the given capacity, so the scheduler
 * has somewhere to put pods and `kubectl get nodes` shows a small cluster.
 */
import { rfc3339 } from './clock';
import type { ClusterApi } from './apiserver/api';
import { isApiError, type KubeObject } from './store';

export interface NodePoolOptions {
  /** How many nodes (default 3). */
  count?: number;
  /** CPU per node, a quantity ("4"). */
  cpu?: string;
  /** Memory per node, a quantity ("16Gi"). */
  memory?: string;
  /** Max pods per node (kubelet --max-pods default 110). */
  pods?: number;
  /** Name prefix: nodes are <prefix>-1, <prefix>-2, … */
  prefix?: string;
}

export const KubeletVersion = 'v1.32.0-kit';

export function nodeObject(name: string, index: number, opts: Required<NodePoolOptions>, now: number): KubeObject {
  const capacity = { cpu: opts.cpu, memory: opts.memory, pods: String(opts.pods), 'ephemeral-storage': '100Gi' };
  const t = rfc3339(now);
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type, status, reason, message, lastHeartbeatTime: t, lastTransitionTime: t,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
        'node.kubernetes.io/instance-type': 'kit.sim',
        'topology.kubernetes.io/zone': `kit-zone-${String.fromCharCode(97 + ((index - 1) % 3))}`,
      },
    },
    spec: { podCIDR: `10.244.${index}.0/24`, podCIDRs: [`10.244.${index}.0/24`] },
    status: {
      capacity,
      allocatable: capacity,
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: `172.18.0.${index + 1}` },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        kubeletVersion: KubeletVersion, kubeProxyVersion: KubeletVersion, osImage: 'kit simulated node',
        kernelVersion: 'simulated', containerRuntimeVersion: 'kit://simulated', operatingSystem: 'linux', architecture: 'amd64',
        machineID: '', systemUUID: '', bootID: '',
      },
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    },
  };
}

/** Registers the pool's nodes that do not exist yet (a restart keeps the stored ones). */
export async function registerNodes(api: ClusterApi, options: NodePoolOptions = {}): Promise<string[]> {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const opts: Required<NodePoolOptions> = { count: 3, cpu: '4', memory: '16Gi', pods: 110, prefix: 'kit-node', ...given };
  const names: string[] = [];
  for (let i = 1; i <= opts.count; i++) {
    const name = `${opts.prefix}-${i}`;
    names.push(name);
    if (api.tryGet('Node', undefined, name)) continue;
    const node = nodeObject(name, i, opts, api.clock.now());
    try {
      const created = (await api.create(node)).object;
      // Nodes have a status subresource: the kubelet posts it after registering.
      await api.updateStatus({ ...created, status: node.status });
    } catch (e) {
      if (!(isApiError(e) && e.reason === 'AlreadyExists')) throw e;
    }
  }
  return names;
}
