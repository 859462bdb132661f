/**
 * The simulated node pool: Node objects registered at start, as kubelets register themselves
 * (pkg/kubelet/kubelet_node_status.go). They are Ready with the given capacity, so the scheduler
 * has somewhere to put pods and `kubectl get nodes` shows a small cluster.
 */
import { rfc3339 } from './clock';
import type { ClusterApi } from './apiserver/api';
import { UserError } from '../cli/errors';
import { isQuantity, toMillicores } from './resources/quantity';
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

/** One-line reasons a pool option is wrong (the CLI checks its flags with it before starting). */
export function nodePoolProblem(options: { count?: number | string; cpu?: string; memory?: string }): string | undefined {
  if (options.count !== undefined && !(Number.isInteger(Number(options.count)) && Number(options.count) >= 1 && String(options.count).trim() !== '')) return `--nodes must be a whole number of nodes, 1 or more, not "${options.count}"`;
  for (const [flag, q] of [['--node-cpu', options.cpu], ['--node-memory', options.memory]] as const) {
    if (q !== undefined && !(isQuantity(q) && toMillicores(q) > 0)) return `${flag} must be a positive Kubernetes quantity (e.g. ${flag === '--node-cpu' ? '4 or 2500m' : '16Gi or 512Mi'}), not "${q}"`;
  }
  return undefined;
}

/**
 * Registers the pool's nodes. A restart keeps the stored pool unless the options say otherwise:
 * a given count adds or removes `<prefix>-N` nodes (a removed node's pods are deleted, as the pod
 * GC does for pods bound to a node that no longer exists: gc_controller.go gcOrphaned), and a
 * given cpu/memory updates the capacity of the pool's nodes. Returns the pool's node names.
 */
export async function registerNodes(api: ClusterApi, options: NodePoolOptions = {}): Promise<string[]> {
  const problem = nodePoolProblem(options);
  if (problem) throw new UserError(problem);
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as NodePoolOptions;
  const prefix = given.prefix ?? 'kit-node';
  const poolIndex = (name: string | undefined) => {
    const m = name?.startsWith(`${prefix}-`) ? /^(\d+)$/.exec(name.slice(prefix.length + 1)) : null;
    return m ? Number(m[1]) : undefined;
  };
  const stored = api.list('Node').items.filter((n) => poolIndex(n.metadata.name) !== undefined);
  const storedCount = stored.length ? Math.max(...stored.map((n) => poolIndex(n.metadata.name)!)) : 0;
  const opts: Required<NodePoolOptions> = { count: storedCount || 3, cpu: '4', memory: '16Gi', pods: 110, prefix, ...given };
  for (const node of stored) {
    const i = poolIndex(node.metadata.name)!;
    if (i > opts.count) {
      await removeNode(api, node.metadata.name!);
      continue;
    }
    const capacity = (node.status as { capacity?: Record<string, string> } | undefined)?.capacity ?? {};
    const want = { ...capacity, ...(given.cpu ? { cpu: given.cpu } : {}), ...(given.memory ? { memory: given.memory } : {}) };
    if (want.cpu !== capacity.cpu || want.memory !== capacity.memory) {
      await api.updateStatus({ ...node, status: { ...(node.status as object), capacity: want, allocatable: want } });
    }
  }
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

async function removeNode(api: ClusterApi, name: string): Promise<void> {
  for (const pod of api.list('Pod').items) {
    if ((pod.spec as { nodeName?: string } | undefined)?.nodeName !== name) continue;
    await api.delete('Pod', pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0 }).catch((e) => {
      if (!(isApiError(e) && e.reason === 'NotFound')) throw e;
    });
  }
  await api.delete('Node', undefined, name);
}
