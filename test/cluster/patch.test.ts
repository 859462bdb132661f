import { describe, expect, it } from 'vitest';
import { applyPatchOfType, mergePatch, strategicMerge } from '../../src/cluster/apiserver/patch';

const pod = {
  metadata: { name: 'p', labels: { a: '1', b: '2' }, finalizers: ['x'] },
  spec: {
    containers: [
      { name: 'web', image: 'nginx:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80 }] },
      { name: 'side', image: 'busybox' },
    ],
    tolerations: [{ key: 'k1' }],
  },
};

describe('patches', () => {
  it('merge patch (RFC 7386): null deletes, maps merge, lists are replaced', () => {
    expect(mergePatch(pod, { metadata: { labels: { a: null, c: '3' } }, spec: { tolerations: [{ key: 'k2' }] } })).toMatchObject({
      metadata: { labels: { b: '2', c: '3' } },
      spec: { tolerations: [{ key: 'k2' }], containers: pod.spec.containers },
    });
  });

  it('strategic merge: containers merge by name, env by name, ports by containerPort', () => {
    const out = strategicMerge(pod, { spec: { containers: [{ name: 'web', image: 'nginx:2', env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }], ports: [{ containerPort: 443 }] }] } }, []) as typeof pod;
    expect(out.spec.containers.map((c) => c.name)).toEqual(['web', 'side']);
    expect(out.spec.containers[0].image).toBe('nginx:2');
    expect(out.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: 'two' }, { name: 'C', value: '3' }]);
    expect(out.spec.containers[0].ports).toEqual([{ containerPort: 80 }, { containerPort: 443 }]);
  });

  it('strategic merge directives: $patch delete/replace, $setElementOrder, $deleteFromPrimitiveList, $retainKeys', () => {
    const out = strategicMerge(pod, {
      metadata: { $deleteFromPrimitiveList: undefined, '$deleteFromPrimitiveList/finalizers': ['x'] },
      spec: {
        '$setElementOrder/containers': [{ name: 'side' }, { name: 'web' }],
        containers: [{ name: 'web', env: [{ name: 'A', $patch: 'delete' }] }],
        tolerations: [{ key: 'k3' }, { $patch: 'replace' }],
      },
    } as Record<string, unknown>, []) as typeof pod;
    expect(out.metadata.finalizers).toEqual([]);
    expect(out.spec.containers.map((c) => c.name)).toEqual(['side', 'web']);
    expect(out.spec.containers[1].env).toEqual([{ name: 'B', value: '2' }]);
    expect(out.spec.tolerations).toEqual([{ key: 'k3' }]);
    const retained = strategicMerge({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } }, { strategy: { type: 'Recreate', $retainKeys: ['type'] } }, []);
    expect(retained).toEqual({ strategy: { type: 'Recreate' } });
  });

  it('JSON patch applies operations and reports a bad path as 422', () => {
    expect(applyPatchOfType('json', pod, [{ op: 'replace', path: '/spec/containers/0/image', value: 'x' }]).spec).toMatchObject({ containers: [{ image: 'x' }, { image: 'busybox' }] });
    expect(() => applyPatchOfType('json', pod, [{ op: 'replace', path: '/nope/x', value: 1 }])).toThrow(expect.objectContaining({ status: expect.objectContaining({ code: 422 }) }));
  });
});
