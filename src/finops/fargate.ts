import { UserError } from '../cli/errors';
import { fargatePrices } from './prices';

/** A container's requests: vCPU (e.g. 0.5) and memory in MiB. Missing values count as 0. */
export interface ContainerRequests {
  vcpu?: number;
  memoryMiB?: number;
}

export interface FargateSize {
  vcpu: number;
  memoryGb: number;
}

/** The supported vCPU / memory combinations (EKS fargate-pod-configuration), smallest first. */
export const fargateCombinations: readonly FargateSize[] = (() => {
  const out: FargateSize[] = [];
  const add = (vcpu: number, mems: number[]) => mems.forEach((m) => out.push({ vcpu, memoryGb: m }));
  const range = (from: number, to: number, step: number) => Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
  add(0.25, [0.5, 1, 2]);
  add(0.5, [1, 2, 3, 4]);
  add(1, range(2, 8, 1));
  add(2, range(4, 16, 1));
  add(4, range(8, 30, 1));
  add(8, range(16, 60, 4));
  add(16, range(32, 120, 8));
  return out;
})();

/** Memory Fargate adds to every pod for the Kubernetes components (kubelet, kube-proxy, containerd). */
export const FARGATE_OVERHEAD_MIB = 256;

/** Parses a Kubernetes CPU quantity ("500m", "1", 0.25) to vCPU. */
export function parseCpu(q: string | number): number {
  if (typeof q === 'number') return q;
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(q.trim());
  if (!m) throw new UserError(`"${q}" is not a CPU quantity`, { hint: 'use vCPU like 0.5 or millicores like 500m' });
  return m[2] ? Number(m[1]) / 1000 : Number(m[1]);
}

const memUnits: Record<string, number> = { '': 1 / (1024 * 1024), Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024, k: 1000 / 1048576, M: 1e6 / 1048576, G: 1e9 / 1048576 };

/** Parses a Kubernetes memory quantity ("512Mi", "2Gi", "1G") to MiB. */
export function parseMemory(q: string | number): number {
  if (typeof q === 'number') return q / (1024 * 1024);
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G)?$/.exec(q.trim());
  if (!m) throw new UserError(`"${q}" is not a memory quantity`, { hint: 'use e.g. 512Mi, 2Gi or 1G' });
  return Number(m[1]) * memUnits[m[2] ?? ''];
}

/**
 * The size Fargate provisions for a pod: the larger of the biggest init container and the sum of the
 * regular containers, +256 MiB memory, rounded up to the first supported combination that fits both.
 * Nothing requested gives the smallest size, 0.25 vCPU / 0.5 GB. (EKS fargate-pod-configuration)
 */
export function fargatePodSize(containers: ContainerRequests[], initContainers: ContainerRequests[] = []): FargateSize {
  const sum = (k: keyof ContainerRequests) => containers.reduce((a, c) => a + (c[k] ?? 0), 0);
  const maxInit = (k: keyof ContainerRequests) => initContainers.reduce((a, c) => Math.max(a, c[k] ?? 0), 0);
  const vcpu = Math.max(sum('vcpu'), maxInit('vcpu'));
  const memMiB = Math.max(sum('memoryMiB'), maxInit('memoryMiB')) + FARGATE_OVERHEAD_MIB;
  const fit = fargateCombinations.find((c) => c.vcpu >= vcpu - 1e-9 && c.memoryGb * 1024 >= memMiB - 1e-9);
  if (!fit) throw new UserError(`no Fargate size fits ${vcpu} vCPU and ${Math.round(memMiB)} MiB (with the 256 MiB overhead)`, { hint: 'Fargate tops out at 16 vCPU / 120 GB; request less' });
  return fit;
}

/** The `CapacityProvisioned` annotation text Fargate writes on the pod, e.g. "0.25vCPU 0.5GB". */
export function capacityProvisioned(s: FargateSize): string {
  return `${s.vcpu}vCPU ${s.memoryGb}GB`;
}

export interface FargateCost {
  size: FargateSize;
  billedSeconds: number;
  perHour: number;
  usd: number;
}

/**
 * What a pod of `size` costs for `seconds` of run time: per second, one-minute minimum.
 * `storageGb` beyond the free 20 GB is billed separately.
 */
export function fargatePodCost(size: FargateSize, seconds: number, storageGb = 0): FargateCost {
  if (!(seconds >= 0)) throw new UserError(`run time must be ≥ 0 seconds, got ${seconds}`);
  const billedSeconds = seconds === 0 ? 0 : Math.max(fargatePrices.minimumSeconds, Math.ceil(seconds));
  const perHour =
    size.vcpu * fargatePrices.perVcpuHour +
    size.memoryGb * fargatePrices.perGbHour +
    Math.max(0, storageGb - fargatePrices.freeStorageGb) * fargatePrices.storagePerGbHour;
  return { size, billedSeconds, perHour, usd: (perHour * billedSeconds) / 3600 };
}
