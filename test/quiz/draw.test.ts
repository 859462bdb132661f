import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { drawExam, loadBank, quotas, type Bank, type Question } from '../../src/quiz';
import { FIXTURES } from './helpers';

const focpDomains = [
  { id: 'challenge-of-cloud', title: '', weight: 8 },
  { id: 'finops-principles', title: '', weight: 12 },
  { id: 'teams-motivation', title: '', weight: 12 },
  { id: 'capabilities', title: '', weight: 28 },
  { id: 'lifecycle', title: '', weight: 30 },
  { id: 'terminology-bill', title: '', weight: 10 },
];

describe('exam drawing by domain weight', () => {
  it('50 FOCP questions split 4/6/6/14/15/5', () => {
    expect(quotas(focpDomains, 50)).toEqual({ 'challenge-of-cloud': 4, 'finops-principles': 6, 'teams-motivation': 6, capabilities: 14, lifecycle: 15, 'terminology-bill': 5 });
  });
  it('largest remainder gives the leftover seats to the biggest fractions', () => {
    // 20 × (8, 12, 12, 28, 30, 10) % = 1.6, 2.4, 2.4, 5.6, 6, 2 → floors 18, remainders .6 and .6 win
    expect(quotas(focpDomains, 20)).toEqual({ 'challenge-of-cloud': 2, 'finops-principles': 2, 'teams-motivation': 2, capabilities: 6, lifecycle: 6, 'terminology-bill': 2 });
  });
  it('a domain short of questions gives its seats to the others by weight', () => {
    const q = quotas(focpDomains, 50, { 'challenge-of-cloud': 1, 'finops-principles': 99, 'teams-motivation': 99, capabilities: 99, lifecycle: 99, 'terminology-bill': 99 });
    expect(q['challenge-of-cloud']).toBe(1);
    expect(Object.values(q).reduce((a, b) => a + b, 0)).toBe(50);
  });
  it('draws a reproducible exam from a seed with the quota per domain', () => {
    const questions: Question[] = focpDomains.flatMap((d) =>
      Array.from({ length: 30 }, (_, i) => ({ id: `focp-${d.id}-${String(i).padStart(3, '0')}`, bank: 'focp', domain: d.id, ref: 'concept: x', difficulty: 'easy', type: 'single', question: 'q', options: { a: 'x', b: 'y' }, answer: 'a', explanation: 'e', source: 'https://x', origin: 'x:1' }) as Question),
    );
    const bank: Bank = { name: 'focp', title: 'FOCP', domains: focpDomains, exam: { questions: 50, minutes: 60, passPercent: 75 }, questions, dir: '' };
    const a = drawExam(bank, 42);
    expect(a).toHaveLength(50);
    expect(new Set(a.map((q) => q.id)).size).toBe(50);
    expect(a.filter((q) => q.domain === 'lifecycle')).toHaveLength(15);
    expect(drawExam(bank, 42).map((q) => q.id)).toEqual(a.map((q) => q.id));
    expect(drawExam(bank, 43).map((q) => q.id)).not.toEqual(a.map((q) => q.id));
  });
  it('refuses an exam bigger than the bank, with a hint', () => {
    const { bank } = loadBank(path.join(FIXTURES, 'demo'));
    expect(() => drawExam(bank!, 1, 6)).toThrow(/has 5 questions; an exam needs 6/);
  });
});
