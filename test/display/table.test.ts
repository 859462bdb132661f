import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/display';

describe('renderTable', () => {
  it('prints aligned columns with units in the header', () => {
    const t = renderTable([{ name: 'pi', pods: 5 }, { name: 'primes', pods: 12 }], { units: { pods: 'count' } });
    expect(t.text.split('\n')).toEqual(['name    pods (count)', 'pi                 5', 'primes            12']);
    expect(t.html).toContain('<th style="text-align:right">pods (count)</th>');
  });
  it('escapes HTML in cells', () => {
    expect(renderTable([{ a: '<b>' }]).html).toContain('&lt;b&gt;');
  });
});
