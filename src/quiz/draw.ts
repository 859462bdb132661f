import { UserError } from '../cli/errors';
import { rng, shuffle } from '../util/random';
import type { Bank, Domain, Question } from './types';

/**
 * Splits `n` questions over domains by weight with largest-remainder (Hamilton) rounding: each
 * domain gets floor(n × w / Σw), and the seats left go to the largest fractional parts (ties: the
 * domain listed first). `available` caps a domain; its shortfall is shared out the same way.
 */
export function quotas(domains: Domain[], n: number, available?: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(domains.map((d) => [d.id, 0]));
  let open = domains.filter((d) => (available?.[d.id] ?? Infinity) > 0);
  let left = n;
  while (left > 0 && open.length) {
    const total = open.reduce((a, d) => a + d.weight, 0);
    const exact = open.map((d) => ({ d, x: (left * d.weight) / total }));
    const give: Record<string, number> = Object.fromEntries(exact.map((e) => [e.d.id, Math.floor(e.x)]));
    let seats = left - Object.values(give).reduce((a, b) => a + b, 0);
    const byRemainder = [...exact].sort((p, q) => q.x - Math.floor(q.x) - (p.x - Math.floor(p.x)));
    for (const e of byRemainder) if (seats-- > 0) give[e.d.id]++;
    let placed = 0;
    for (const d of open) {
      const room = (available?.[d.id] ?? Infinity) - out[d.id];
      const g = Math.min(give[d.id], room);
      out[d.id] += g;
      placed += g;
    }
    left -= placed;
    open = open.filter((d) => (available?.[d.id] ?? Infinity) > out[d.id]);
    if (placed === 0) break;
  }
  return out;
}

/** Draws an exam: questions per domain by weight, chosen and ordered by the seeded RNG. */
export function drawExam(bank: Bank, seed: number, count = bank.exam?.questions ?? 50, pool: Question[] = bank.questions): Question[] {
  if (pool.length < count)
    throw new UserError(`bank ${bank.name} has ${pool.length} questions; an exam needs ${count}`, { hint: 'use --count with a smaller number, or practice mode' });
  const rand = rng(seed);
  const byDomain = (id: string) => pool.filter((q) => q.domain === id);
  const available = Object.fromEntries(bank.domains.map((d) => [d.id, byDomain(d.id).length]));
  const q = quotas(bank.domains, count, available);
  const chosen = bank.domains.flatMap((d) => shuffle(byDomain(d.id), rand).slice(0, q[d.id]));
  return shuffle(chosen, rand);
}
