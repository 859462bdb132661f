import { describe, expect, it } from 'vitest';
import { matchesNodeSelectorAndAffinity, matchesRequirement, toleratesTaint } from '../../../src/cluster/scheduler';
import { node, pod } from './fixtures';

describe('toleratesTaint', () => {
  const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  it('Equal needs key, value and (if given) effect to match', () => {
    expect(toleratesTaint({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'dedicated', value: 'gpu' }, taint)).toBe(true); // operator defaults to Equal, any effect
    expect(toleratesTaint({ key: 'dedicated', operator: 'Equal', value: 'cpu' }, taint)).toBe(false);
    expect(toleratesTaint({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoExecute' }, taint)).toBe(false);
  });
  it('Exists matches any value; an empty key with Exists tolerates everything', () => {
    expect(toleratesTaint({ key: 'dedicated', operator: 'Exists' }, taint)).toBe(true);
    expect(toleratesTaint({ operator: 'Exists' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'other', operator: 'Exists' }, taint)).toBe(false);
  });
});

describe('node affinity operators', () => {
  it('In, NotIn, Exists, DoesNotExist', () => {
    expect(matchesRequirement({ key: 'zone', operator: 'In', values: ['a', 'b'] }, 'b')).toBe(true);
    expect(matchesRequirement({ key: 'zone', operator: 'In', values: ['a'] }, undefined)).toBe(false);
    expect(matchesRequirement({ key: 'zone', operator: 'NotIn', values: ['a'] }, undefined)).toBe(true);
    expect(matchesRequirement({ key: 'zone', operator: 'NotIn', values: ['a'] }, 'a')).toBe(false);
    expect(matchesRequirement({ key: 'gpu', operator: 'Exists' }, '')).toBe(true);
    expect(matchesRequirement({ key: 'gpu', operator: 'DoesNotExist' }, '')).toBe(false);
  });
  it('Gt and Lt compare integers and fail on anything else', () => {
    expect(matchesRequirement({ key: 'cores', operator: 'Gt', values: ['4'] }, '8')).toBe(true);
    expect(matchesRequirement({ key: 'cores', operator: 'Gt', values: ['8'] }, '8')).toBe(false);
    expect(matchesRequirement({ key: 'cores', operator: 'Lt', values: ['10'] }, '9')).toBe(true);
    expect(matchesRequirement({ key: 'cores', operator: 'Lt', values: ['10'] }, 'nine')).toBe(false);
  });
  it('terms are ORed, expressions in a term ANDed, and nodeSelector must also match', () => {
    const n = node('n1', { labels: { zone: 'z1', disk: 'ssd' } });
    const affinity = (terms: object[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
    const zoneZ2 = { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z2'] }] };
    const ssdInZ1 = { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }, { key: 'disk', operator: 'In', values: ['ssd'] }] };
    expect(matchesNodeSelectorAndAffinity(pod('p', {}, { affinity: affinity([zoneZ2, ssdInZ1]) }), n)).toBe(true);
    expect(matchesNodeSelectorAndAffinity(pod('p', {}, { affinity: affinity([zoneZ2]) }), n)).toBe(false);
    expect(matchesNodeSelectorAndAffinity(pod('p', {}, { affinity: affinity([{}]) }), n)).toBe(false); // an empty term matches nothing
    expect(matchesNodeSelectorAndAffinity(pod('p', {}, { nodeSelector: { disk: 'hdd' }, affinity: affinity([ssdInZ1]) }), n)).toBe(false);
    expect(matchesNodeSelectorAndAffinity(pod('p', {}, { affinity: affinity([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }]) }), n)).toBe(true);
  });
});
