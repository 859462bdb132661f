import { describe, expect, it } from 'vitest';
import { evalIntExpr, lookupImage, primesInRange } from '../../../src/cluster/images';
import { fakeContainer } from './harness';

describe('primesInRange', () => {
  it('finds the primes in [start, start + size)', () => {
    expect(primesInRange(2, 30)).toEqual([2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31]);
    expect(primesInRange(0, 2)).toEqual([]);
    expect(primesInRange(97, 1)).toEqual([97]);
    expect(primesInRange(90, 7)).toEqual([]);
  });

  it('counts 9592 primes below 100000 (π(10^5))', () => {
    expect(primesInRange(2, 10 ** 5 - 2)).toHaveLength(9592);
  });
});

describe('evalIntExpr', () => {
  it('reads the seed value "10**5" and plain integers', () => {
    expect(evalIntExpr('10**5')).toBe(100000);
    expect(evalIntExpr(' 2 ')).toBe(2);
    expect(evalIntExpr('2*10**3+1')).toBe(2001);
    expect(evalIntExpr('2**3**2')).toBe(512);
  });

  it('rejects anything else', () => {
    expect(() => evalIntExpr('import os')).toThrow('not an integer expression');
    expect(() => evalIntExpr('10**100')).toThrow('out of range');
  });
});

describe('the maho/pn_generator image', () => {
  const run = async (env: Record<string, string>) => {
    const c = fakeContainer({ image: 'maho/pn_generator:0.1', env });
    const code = await lookupImage('maho/pn_generator:0.1')!.run(c.ctx);
    return { code, out: c.stdout(), err: c.stderr() };
  };

  it('prints one prime per line for the seed Job (A_START_NUM=2, A_SIZE_NUM=10**5)', async () => {
    const r = await run({ A_START_NUM: '2', A_SIZE_NUM: '10**5' });
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines.slice(0, 5)).toEqual(['2', '3', '5', '7', '11']);
    expect(lines.at(-1)).toBe('99991');
    expect(lines).toHaveLength(9592);
  });

  it('exits 1 and says which variable is wrong', async () => {
    expect(await run({ A_START_NUM: '2' })).toMatchObject({ code: 1, err: expect.stringContaining('A_SIZE_NUM is not set') });
    expect(await run({ A_START_NUM: 'two', A_SIZE_NUM: '5' })).toMatchObject({ code: 1, err: expect.stringContaining('A_START_NUM="two" is not an integer expression') });
  });
});

describe('pn_generator limits', () => {
  it('refuses a range larger than one container sieves, and says how to split it', async () => {
    const c = fakeContainer({ image: 'maho/pn_generator', env: { A_START_NUM: '2', A_SIZE_NUM: '10**8' } });
    expect(await lookupImage('maho/pn_generator')!.run(c.ctx)).toBe(1);
    expect(c.stderr()).toBe("pn_generator: A_SIZE_NUM=100000000 is larger than the kit's limit of 10000000; split the range over several pods\n");
    expect(c.stdout()).toBe('');
  });
});
