/**
 * The service account controller (pkg/controller/serviceaccount/serviceaccounts_controller.go):
 * every active namespace has a ServiceAccount named `default`; deleting it brings it back.
 */
import { isApiError } from '../store';
import type { Controller } from './manager';

export const DefaultServiceAccountName = 'default';

export function serviceAccountController(): Controller {
  return {
    name: 'serviceaccount-controller',
    watches: [
      { kind: 'Namespace', keys: (e) => (e.type === 'DELETED' ? [] : [e.object.metadata.name ?? '']) },
      { kind: 'ServiceAccount', keys: (e) => (e.type === 'DELETED' && e.object.metadata.name === DefaultServiceAccountName ? [e.object.metadata.namespace ?? ''] : []) },
    ],
    async reconcile(namespace, ctx) {
      const ns = ctx.api.tryGet('Namespace', undefined, namespace);
      if (!ns || ns.metadata.deletionTimestamp) return;
      if (ctx.api.tryGet('ServiceAccount', namespace, DefaultServiceAccountName)) return;
      try {
        await ctx.api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DefaultServiceAccountName, namespace } });
      } catch (e) {
        if (!(isApiError(e) && e.reason === 'AlreadyExists')) throw e;
      }
    },
  };
}
