/**
 * The namespace controller (pkg/controller/namespace), simplified: when a Namespace is deleted,
 * everything in it is deleted too. (Upstream the Namespace stays "Terminating" until its content is
 * gone; here it goes at once and its content follows.)
 */
import { isApiError } from '../store';
import type { Controller } from './manager';

export function namespaceController(): Controller {
  return {
    name: 'namespace-controller',
    watches: [{ kind: 'Namespace', keys: (e) => (e.type === 'DELETED' ? [e.object.metadata.name ?? ''] : []) }],
    async reconcile(namespace, ctx) {
      if (ctx.api.tryGet('Namespace', undefined, namespace)) return;
      for (const def of ctx.api.kinds.all()) {
        if (!def.namespaced) continue;
        for (const o of ctx.api.list(def.kind, { namespace }).items) {
          try {
            await ctx.api.delete(def.kind, namespace, o.metadata.name ?? '', { propagationPolicy: 'Background' });
          } catch (e) {
            if (!(isApiError(e) && e.reason === 'NotFound')) throw e;
          }
        }
      }
    },
  };
}
