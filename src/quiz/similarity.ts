import type { Question } from './types';

/**
 * Near-duplicate check: a question's text and option texts are lowercased, stripped of Markdown and
 * punctuation, cut into 3-word shingles, and two questions whose shingle sets have a Jaccard
 * similarity ≥ 0.8 are near-duplicates.
 */
export const NEAR_DUPLICATE_JACCARD = 0.8;

export function normalize(s: string): string[] {
  return s
    .toLowerCase()
    .replace(/[`*_>#\[\]()]/g, ' ')
    .replace(/[^\p{L}\p{N}$%.]+/gu, ' ')
    .replace(/\.(?=\s|$)/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

export function shingles(q: Pick<Question, 'question' | 'options'>, k = 3): Set<string> {
  const words = normalize([q.question, ...Object.values(q.options ?? {}).sort()].join(' '));
  const out = new Set<string>();
  if (words.length < k) out.add(words.join(' '));
  for (let i = 0; i + k <= words.length; i++) out.add(words.slice(i, i + k).join(' '));
  return out;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  const [small, big] = a.size < b.size ? [a, b] : [b, a];
  for (const x of small) if (big.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

export function nearDuplicates(qs: Question[], threshold = NEAR_DUPLICATE_JACCARD): Array<{ a: Question; b: Question; similarity: number }> {
  const sh = qs.map((q) => shingles(q));
  const out: Array<{ a: Question; b: Question; similarity: number }> = [];
  for (let i = 0; i < qs.length; i++)
    for (let j = i + 1; j < qs.length; j++) {
      // Sizes alone bound the Jaccard index: skip pairs that cannot reach the threshold.
      const lo = Math.min(sh[i].size, sh[j].size), hi = Math.max(sh[i].size, sh[j].size);
      if (lo / hi < threshold) continue;
      const s = jaccard(sh[i], sh[j]);
      if (s >= threshold) out.push({ a: qs[i], b: qs[j], similarity: s });
    }
  return out;
}
