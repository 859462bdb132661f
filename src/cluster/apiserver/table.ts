/**
 * Server-side printing: `kubectl get` asks for `as=Table` and prints the columns the server
 * returns (apimachinery meta/v1 Table; columns from printers.go, in the kind files).
 */
import type { KindDefinition } from '../kinds/registry';
import type { KubeObject } from '../store';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

function partial(o: KubeObject): unknown {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

export function toTable(def: KindDefinition, objects: KubeObject[], now: number, opts: { resourceVersion?: string; include?: IncludeObject; withColumns?: boolean } = {}): unknown {
  const include = opts.include ?? 'Metadata';
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: opts.resourceVersion ?? '' },
    columnDefinitions: opts.withColumns === false ? [] : def.columns,
    rows: objects.map((o) => ({
      cells: def.row(o, now),
      object: include === 'Object' ? o : include === 'Metadata' ? partial(o) : undefined,
    })),
  };
}
