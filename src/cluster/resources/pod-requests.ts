import { parseQuantity } from './quantity';

/**
 * What a pod asks for, as the scheduler counts it (k8s.io/component-helpers/resource/helpers.go,
 * PodRequests): the larger of the sum over app containers and the largest init container, plus
 * the pod overhead. Sidecars (init containers with restartPolicy: Always) keep running, so they
 * add to the sum and to every later init container.
 */

export type QuantityValue = string | number;
export type ResourceListLike = Record<string, QuantityValue | undefined>;

export interface ContainerLike {
  name?: string;
  resources?: { requests?: ResourceListLike; limits?: ResourceListLike };
  restartPolicy?: string;
}

export interface PodSpecLike {
  containers?: ContainerLike[];
  initContainers?: ContainerLike[];
  overhead?: ResourceListLike;
}

/** Amounts by resource name: `cpu` in millicores, everything else (memory bytes, pods…) as integers. */
export type ResourceAmounts = Record<string, number>;

export const CPU = 'cpu';
export const MEMORY = 'memory';
export const PODS = 'pods';

/** One resource's amount in the kit's units: millicores for cpu, Value() (rounded up) for the rest. */
export function amountOf(resource: string, q: QuantityValue): number {
  const parsed = parseQuantity(q);
  return resource === CPU ? parsed.milliValue() : parsed.value();
}

export function toAmounts(list: ResourceListLike | undefined): ResourceAmounts {
  const out: ResourceAmounts = {};
  for (const [name, q] of Object.entries(list ?? {})) if (q !== undefined) out[name] = amountOf(name, q);
  return out;
}

/**
 * A container's requests. A limit without a request counts as the request, as the API server's
 * defaulting sets it (pkg/apis/core/v1/defaults.go, SetDefaults_Pod).
 */
export function containerRequests(c: ContainerLike): ResourceAmounts {
  return { ...toAmounts(c.resources?.limits), ...toAmounts(c.resources?.requests) };
}

function add(into: ResourceAmounts, more: ResourceAmounts): void {
  for (const [k, v] of Object.entries(more)) into[k] = (into[k] ?? 0) + v;
}

function max(into: ResourceAmounts, other: ResourceAmounts): void {
  for (const [k, v] of Object.entries(other)) into[k] = Math.max(into[k] ?? 0, v);
}

/** The pod's effective requests (PodRequests in component-helpers). */
export function podRequests(spec: PodSpecLike): ResourceAmounts {
  const reqs: ResourceAmounts = {};
  for (const c of spec.containers ?? []) add(reqs, containerRequests(c));
  const sidecars: ResourceAmounts = {};
  const initMax: ResourceAmounts = {};
  for (const c of spec.initContainers ?? []) {
    const own = containerRequests(c);
    if (c.restartPolicy === 'Always') {
      add(reqs, own);
      add(sidecars, own);
      max(initMax, sidecars);
    } else {
      const during = { ...own };
      add(during, sidecars); // the sidecars started before it are still running
      max(initMax, during);
    }
  }
  max(reqs, initMax);
  add(reqs, toAmounts(spec.overhead));
  return reqs;
}
