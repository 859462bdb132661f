import type { PodSpecLike, ResourceListLike } from '../resources';

/**
 * The plain shapes the scheduler reads: the fields of v1.Pod and v1.Node it needs, as they come
 * from the API (JSON). Objects from the store fit these without conversion.
 */

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect | string;
}

export interface Toleration {
  key?: string;
  operator?: 'Equal' | 'Exists' | string;
  value?: string;
  effect?: TaintEffect | string;
  tolerationSeconds?: number;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt' | string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] };
  preferredDuringSchedulingIgnoredDuringExecution?: Array<{ weight: number; preference: NodeSelectorTerm }>;
}

export interface SchedulerPod {
  metadata: { name: string; namespace?: string; uid?: string };
  spec: PodSpecLike & {
    nodeName?: string;
    nodeSelector?: Record<string, string>;
    affinity?: { nodeAffinity?: NodeAffinity };
    tolerations?: Toleration[];
    priority?: number;
    preemptionPolicy?: 'PreemptLowerPriority' | 'Never' | string;
  };
  status?: { phase?: string };
}

export interface SchedulerNode {
  metadata: { name: string; labels?: Record<string, string> };
  spec?: { unschedulable?: boolean; taints?: Taint[] };
  status?: { allocatable?: ResourceListLike };
}

/** framework.Code: Unschedulable may be fixed by preemption; UnschedulableAndUnresolvable cannot. */
export type FilterCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

/** Why one node was filtered out, by which plugin. */
export interface FilterStatus {
  plugin: string;
  code: FilterCode;
  reasons: string[];
}
