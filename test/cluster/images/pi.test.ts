import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bpi, lookupImage, piDigits } from '../../../src/cluster/images';
import { fakeContainer } from './harness';

// stdout of `perl -Mbignum=bpi -wle "print bpi(N)"`, recorded from real perl (see generated_by).
const fixture = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'perl-bpi.json'), 'utf8')) as { stdout: Record<string, string> };

describe('bpi, as Math::BigFloat prints it', () => {
  for (const [n, expected] of Object.entries(fixture.stdout)) {
    it(`bpi(${n}) matches perl`, () => {
      expect(bpi(Number(n)) + '\n').toBe(expected);
    });
  }

  it('rounds the last digit half-up and keeps the zeros rounding makes', () => {
    expect(bpi(5)).toBe('3.1416'); // 3.14159…
    expect(bpi(767)).toMatch(/2113500000$/); // …21134999999837… (the Feynman point)
  });

  it('has 2000 significant digits for the Job in the seed', () => {
    expect(bpi(2000).replace('.', '')).toHaveLength(2000);
    expect(piDigits(12)).toBe('314159265358');
  });

  it('rejects a negative accuracy like bignum does', () => {
    expect(() => bpi(-3)).toThrow('Argument to accuracy must be greater than zero');
  });
});

describe('the perl image', () => {
  const run = async (command: string[] | undefined, args?: string[]) => {
    const c = fakeContainer({ image: 'perl:5.34', command, args });
    const code = await lookupImage('perl:5.34')!.run(c.ctx);
    return { code, stdout: c.stdout(), stderr: c.stderr() };
  };

  it('runs the pi Job from the Kubernetes docs and the seed', async () => {
    const r = await run(['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)']);
    expect(r).toEqual({ code: 0, stdout: fixture.stdout['2000'], stderr: '' });
  });

  it('takes the program as args when the pod gives no command', async () => {
    const r = await run(undefined, ['perl', '-Mbignum=bpi', '-wle', 'print bpi(10)']);
    expect(r.stdout).toBe('3.141592654\n');
  });

  it('prints without a newline when -l is not given, and prints literals', async () => {
    expect((await run(['perl', '-Mbignum=bpi', '-we', 'print bpi(3)'])).stdout).toBe('3.14');
    expect((await run(['perl', '-le', 'print "pi is ", 3'])).stdout).toBe('pi is 3\n');
  });

  it('fails like perl when bpi was not imported', async () => {
    const r = await run(['perl', '-wle', 'print bpi(5)']);
    expect(r.code).toBe(255);
    expect(r.stderr).toBe('Undefined subroutine &main::bpi called at -e line 1.\n');
  });

  it('exits 2 and says what it supports for other programs', async () => {
    const r = await run(['perl', '-e', 'my $x = 1; print $x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not supported');
    expect(r.stderr).toContain('perl -Mbignum=bpi -wle "print bpi(2000)"');
  });

  it('has a shell too, which runs perl', async () => {
    const r = await run(['sh', '-c', 'perl -Mbignum=bpi -le "print bpi(4)" && echo done']);
    expect(r.stdout).toBe('3.142\ndone\n');
  });
});
