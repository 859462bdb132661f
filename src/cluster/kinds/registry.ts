/**
 * The kind registry: what the API server knows about each kind (its group, version, plural
 * resource name, defaults, validation and `kubectl get` columns). The server itself is generic;
 * adding a kind (Service, Endpoints, …) is one file here plus one `register` call in index.ts.
 */
import type { Clock } from '../clock';
import type { FieldError, KindInfoForStore, KubeObject, PropagationPolicy } from '../store';

/** metav1.TableColumnDefinition. */
export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: '' | 'name' | 'date';
  description: string;
  /** 0 = always shown; 1 = only with `-o wide`. */
  priority: 0 | 1;
}

export interface DefaultsContext {
  clock: Clock;
}

export interface KindDefinition {
  kind: string;
  /** "" for the core group. */
  group: string;
  version: string;
  /** Plural, lowercase: the URL segment ("pods", "cronjobs"). */
  resource: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  /** `kubectl get all` lists kinds in the "all" category. */
  categories?: string[];
  subresources?: Array<'status' | 'log' | 'scale'>;
  /** Dependents' fate when deleted without a propagationPolicy. Default: Background. */
  defaultPropagation?: PropagationPolicy;
  /** Fields a field selector may use beyond metadata.name and metadata.namespace. */
  fieldSelectors?: string[];
  /** The @kubernetes/client-node model that describes its fields (unknown-field warnings). */
  model: string;
  /** Fills in defaults on create and update (pkg/apis/<group>/v1/defaults.go). */
  defaults?(obj: KubeObject, ctx: DefaultsContext): void;
  /** Returns what is wrong (pkg/apis/<group>/validation/validation.go); `old` is set on update. */
  validate?(obj: KubeObject, old?: KubeObject): FieldError[];
  /**
   * Graceful deletion (CheckGracefulDelete in pkg/registry/<group>/<kind>/strategy.go): the grace
   * period for a DELETE that asked for `requested` seconds (undefined: not given). Kinds without it
   * are deleted at once.
   */
  checkGracefulDelete?(obj: KubeObject, requested: number | undefined): number;
  /** Columns for `kubectl get` (pkg/printers/internalversion/printers.go); the first is Name. */
  columns: ColumnDefinition[];
  /** One row of cells, in column order; `now` is virtual time for AGE. */
  row(obj: KubeObject, now: number): unknown[];
}

export function apiVersionOf(d: Pick<KindDefinition, 'group' | 'version'>): string {
  return d.group ? `${d.group}/${d.version}` : d.version;
}

/** "jobs.batch", "pods": how upstream names a resource in messages. */
export function qualifiedResource(d: Pick<KindDefinition, 'group' | 'resource'>): string {
  return d.group ? `${d.resource}.${d.group}` : d.resource;
}

/** "Job.batch", "Pod": how upstream names a kind in Invalid messages. */
export function qualifiedKind(d: Pick<KindDefinition, 'group' | 'kind'>): string {
  return d.group ? `${d.kind}.${d.group}` : d.kind;
}

export class KindRegistry implements KindInfoForStore {
  private readonly byKind = new Map<string, KindDefinition>();

  register(def: KindDefinition): void {
    if (this.byKind.has(def.kind)) throw new Error(`kind ${def.kind} is registered twice`);
    this.byKind.set(def.kind, def);
  }

  all(): KindDefinition[] {
    return [...this.byKind.values()];
  }

  get(kind: string): KindDefinition | undefined {
    return this.byKind.get(kind);
  }

  /** Like get, for kinds the caller knows exist. */
  must(kind: string): KindDefinition {
    const d = this.byKind.get(kind);
    if (!d) throw new Error(`kind ${kind} is not registered`);
    return d;
  }

  byResource(group: string, version: string, resource: string): KindDefinition | undefined {
    return this.all().find((d) => d.group === group && d.version === version && d.resource === resource);
  }

  byApiVersionKind(apiVersion: string, kind: string): KindDefinition | undefined {
    const d = this.byKind.get(kind);
    return d && apiVersionOf(d) === apiVersion ? d : undefined;
  }

  groupVersions(): Array<{ group: string; version: string }> {
    const seen = new Map<string, { group: string; version: string }>();
    for (const d of this.all()) seen.set(`${d.group}/${d.version}`, { group: d.group, version: d.version });
    return [...seen.values()];
  }

  // KindInfoForStore
  qualifiedResource(kind: string): string {
    return qualifiedResource(this.must(kind));
  }
  namespaced(kind: string): boolean {
    return this.must(kind).namespaced;
  }
  hasStatus(kind: string): boolean {
    return (this.must(kind).subresources ?? []).includes('status');
  }
  defaultPropagation(kind: string): PropagationPolicy {
    return this.must(kind).defaultPropagation ?? 'Background';
  }
  gracePeriodSeconds(kind: string, obj: KubeObject, requested: number | undefined): number | undefined {
    return this.must(kind).checkGracefulDelete?.(obj, requested);
  }
}
