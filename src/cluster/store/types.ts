/** The shapes every stored object shares (k8s.io/apimachinery/pkg/apis/meta/v1 types.go). */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [field: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

/** One change, as a watcher receives it. `kind` is the store key (e.g. "Pod"). */
export interface WatchEvent {
  type: WatchEventType;
  kind: string;
  object: KubeObject;
}

/** What the store needs to know about a kind (the apiserver's kind registry provides it). */
export interface KindInfoForStore {
  /** e.g. "pods" or "jobs.batch": used in error messages as upstream does. */
  qualifiedResource(kind: string): string;
  namespaced(kind: string): boolean;
  /** Kinds with a /status subresource: a main update keeps the old status, a status update keeps the rest. */
  hasStatus(kind: string): boolean;
  /** Who goes when the owner is deleted without a propagationPolicy (Job: Orphan in batch/v1). */
  defaultPropagation(kind: string): PropagationPolicy;
  /**
   * Kinds deleted gracefully (Pod): the grace period in seconds this deletion gets, 0 to delete at
   * once; undefined for kinds that are deleted at once (rest.RESTGracefulDeleteStrategy).
   */
  gracePeriodSeconds?(kind: string, obj: KubeObject, requested: number | undefined): number | undefined;
}

export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';
