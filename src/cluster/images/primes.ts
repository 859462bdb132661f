import type { Program } from './types';

/** The primes in [start, start + size), by a segmented sieve of Eratosthenes. */
export function primesInRange(start: number, size: number): number[] {
  const lo = Math.max(2, start);
  const hi = start + size; // exclusive
  if (hi <= lo) return [];
  const limit = Math.floor(Math.sqrt(hi - 1));
  const small = new Uint8Array(limit + 1);
  const base: number[] = [];
  for (let i = 2; i <= limit; i++) {
    if (small[i]) continue;
    base.push(i);
    for (let j = i * i; j <= limit; j += i) small[j] = 1;
  }
  const composite = new Uint8Array(hi - lo);
  for (const p of base) {
    for (let j = Math.max(p * p, Math.ceil(lo / p) * p); j < hi; j += p) composite[j - lo] = 1;
  }
  const out: number[] = [];
  for (let i = 0; i < composite.length; i++) if (!composite[i]) out.push(lo + i);
  return out;
}

/**
 * The value of A_START_NUM / A_SIZE_NUM. The seed's Job sets A_SIZE_NUM to "10**5", so the
 * image evaluates a Python-style integer expression; we accept integers joined by + - * and **.
 */
export function evalIntExpr(text: string): number {
  const src = text.replace(/\s+/g, '');
  if (!/^\d+(?:(?:\*\*|[+*-])\d+)*$/.test(src)) throw new Error(`not an integer expression: ${JSON.stringify(text)}`);
  // ** binds tighter than * which binds tighter than + and -; ** groups right to left.
  const terms = src.split(/(?<=\d)([+-])/);
  let total = 0;
  let sign = 1;
  for (const t of terms) {
    if (t === '+' || t === '-') { sign = t === '+' ? 1 : -1; continue; }
    const product = t.split(/(?<!\*)\*(?!\*)/).map((f) => f.split('**').map(Number).reduceRight((acc, b) => b ** acc)).reduce((a, b) => a * b, 1);
    total += sign * product;
  }
  if (!Number.isSafeInteger(total)) throw new Error(`out of range: ${text}`);
  return total;
}

/** The largest range one container sieves; the sieve runs on the cluster's event loop (the seed asks for 10**5). */
export const MAX_PRIME_RANGE = 10_000_000;

/**
 * maho/pn_generator (from the book the seed follows): reads A_START_NUM and A_SIZE_NUM and prints
 * each prime in [start, start + size) on its own line. The seed shows its output only as a
 * screenshot, so the line format is our assumption.
 */
export const pnGenerator: Program = async (_argv, ctx) => {
  const read = (name: string): number | undefined => {
    const v = ctx.env[name];
    if (v === undefined) {
      ctx.stderr(`pn_generator: ${name} is not set (set A_START_NUM and A_SIZE_NUM in the container's env)\n`);
      return undefined;
    }
    try {
      return evalIntExpr(v);
    } catch (e) {
      ctx.stderr(`pn_generator: ${name}=${JSON.stringify(v)} is ${(e as Error).message.startsWith('out') ? 'out of range' : 'not an integer expression (like 2 or 10**5)'}\n`);
      return undefined;
    }
  };
  const start = read('A_START_NUM');
  const size = read('A_SIZE_NUM');
  if (start === undefined || size === undefined) return 1;
  if (size > MAX_PRIME_RANGE) {
    ctx.stderr(`pn_generator: A_SIZE_NUM=${size} is larger than the kit's limit of ${MAX_PRIME_RANGE}; split the range over several pods\n`);
    return 1;
  }
  const primes = primesInRange(start, size);
  // Written in chunks so a large range does not build one giant string.
  for (let i = 0; i < primes.length; i += 4096) ctx.stdout(primes.slice(i, i + 4096).join('\n') + '\n');
  return 0;
};
