/**
 * Discovery and OpenAPI: what kubectl reads before it does anything (/api, /apis, /api/v1,
 * /apis/<group>/<version>, /version, /openapi/v3). Built from the kind registry.
 */
import { apiVersionOf, type KindDefinition, type KindRegistry } from '../kinds/registry';
import { openApiV3Schemas } from './openapi-schemas';

export const ServerVersion = {
  major: '1', minor: '32', gitVersion: 'v1.32.0-kit', gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean', buildDate: '2024-12-11T00:00:00Z', goVersion: 'go1.23.3', compiler: 'gc', platform: 'linux/amd64',
};

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function resourceEntries(d: KindDefinition): unknown[] {
  const out: unknown[] = [{
    name: d.resource, singularName: d.singular, namespaced: d.namespaced, kind: d.kind, verbs: ALL_VERBS,
    ...(d.shortNames ? { shortNames: d.shortNames } : {}), ...(d.categories ? { categories: d.categories } : {}),
  }];
  for (const sub of d.subresources ?? []) {
    if (sub === 'status') out.push({ name: `${d.resource}/status`, singularName: '', namespaced: d.namespaced, kind: d.kind, verbs: ['get', 'patch', 'update'] });
    if (sub === 'log') out.push({ name: `${d.resource}/log`, singularName: '', namespaced: d.namespaced, kind: 'Pod', verbs: ['get'] });
    if (sub === 'scale') out.push({ name: `${d.resource}/scale`, singularName: '', namespaced: d.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
  }
  return out;
}

export function apiVersions(serverAddress: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

export function apiGroupList(kinds: KindRegistry): unknown {
  const groups = [...new Set(kinds.all().filter((d) => d.group).map((d) => d.group))];
  return {
    kind: 'APIGroupList', apiVersion: 'v1',
    groups: groups.map((g) => {
      const versions = [...new Set(kinds.all().filter((d) => d.group === g).map((d) => d.version))].map((v) => ({ groupVersion: `${g}/${v}`, version: v }));
      return { name: g, versions, preferredVersion: versions[0] };
    }),
  };
}

export function apiResourceList(kinds: KindRegistry, group: string, version: string): unknown | undefined {
  const defs = kinds.all().filter((d) => d.group === group && d.version === version);
  if (!defs.length) return undefined;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources: defs.flatMap(resourceEntries) };
}

/**
 * /openapi/v3: one document per group version. `kubectl explain` gets documents with schemas,
 * other clients without (see openApiV3Doc); distinct hashes keep kubectl's cache entries apart.
 */
export function openApiV3Index(kinds: KindRegistry, withSchemas = false): unknown {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, version } of kinds.groupVersions()) {
    const p = group ? `apis/${group}/${version}` : `api/${version}`;
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=kit-${withSchemas ? 'explain-' : ''}${version}` };
  }
  return { paths };
}

/**
 * A group version's OpenAPI v3 document: the PATCH operations with their GVK and the
 * `fieldValidation` parameter, which is what kubectl checks before it relies on server-side
 * field validation. Component schemas (openapi-schemas.ts) are given to `kubectl explain` only:
 * they carry no x-kubernetes-patch-strategy, and kubectl apply would compute strategic merge
 * patches from them (replacing lists it should merge) instead of from its built-in types.
 */
export async function openApiV3Doc(kinds: KindRegistry, group: string, version: string, withSchemas = false): Promise<unknown | undefined> {
  const defs = kinds.all().filter((d) => d.group === group && d.version === version);
  if (!defs.length) return undefined;
  const paths: Record<string, unknown> = {};
  for (const d of defs) {
    const base = `/${group ? `apis/${group}` : 'api'}/${version}${d.namespaced ? '/namespaces/{namespace}' : ''}/${d.resource}/{name}`;
    const gvk = { group, version, kind: d.kind };
    const params = [
      { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
    ];
    paths[base] = {
      patch: {
        operationId: `patch${d.kind}`, parameters: params,
        'x-kubernetes-action': 'patch', 'x-kubernetes-group-version-kind': gvk,
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  const schemas = withSchemas ? await openApiV3Schemas(defs) : {};
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0-kit' }, paths, components: { schemas } };
}

export { apiVersionOf };
