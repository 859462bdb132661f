import { describe, expect, it } from 'vitest';
import { loadBank, scoreAnswer, scoreSheet } from '../../src/quiz';
import { FIXTURES } from './helpers';
import path from 'node:path';

const { bank } = loadBank(path.join(FIXTURES, 'demo'));
const qs = bank!.questions;
const q = (n: number) => qs.find((x) => x.id === `demo-basics-00${n}`)!;

describe('scoring', () => {
  it('all right scores 100 % and passes', () => {
    const s = scoreSheet(qs, { 'demo-basics-001': 'a', 'demo-basics-002': ['c', 'a'], 'demo-basics-003': 0.2504, 'demo-basics-004': ['b', 'c', 'a'], 'demo-basics-005': 'b' }, bank);
    expect(s.percent).toBe(100);
    expect(s.passed).toBe(true);
    expect(s.byDomain).toEqual([
      { domain: 'inform', title: 'Inform', questions: 3, earned: 3, percent: 100 },
      { domain: 'optimize', title: 'Optimize', questions: 2, earned: 2, percent: 100 },
    ]);
  });
  it('all wrong scores 0 % and fails', () => {
    const s = scoreSheet(qs, { 'demo-basics-001': 'b', 'demo-basics-002': ['b', 'd'], 'demo-basics-003': 0.3, 'demo-basics-004': ['a', 'b', 'c'], 'demo-basics-005': 'a' }, bank);
    expect(s.percent).toBe(0);
    expect(s.passed).toBe(false);
  });
  it('unanswered questions earn 0 and count as not answered', () => {
    const s = scoreSheet(qs, { 'demo-basics-001': 'a' }, bank);
    expect(s.answered).toBe(1);
    expect(s.percent).toBe(20);
  });
  it('multiple choice: (right picks − wrong picks) / right options, floored at 0', () => {
    expect(scoreAnswer(q(2), ['a'])).toEqual({ credit: 0.5, correct: false });
    expect(scoreAnswer(q(2), ['a', 'c'])).toEqual({ credit: 1, correct: true });
    expect(scoreAnswer(q(2), ['a', 'b'])).toEqual({ credit: 0, correct: false });
    expect(scoreAnswer(q(2), ['a', 'b', 'c'])).toEqual({ credit: 0.5, correct: false });
    expect(scoreAnswer(q(2), ['a', 'b', 'c', 'd'])).toEqual({ credit: 0, correct: false }); // ticking everything earns nothing
    expect(scoreAnswer(q(2), ['b', 'd'])).toEqual({ credit: 0, correct: false });
  });
  it('numeric: right within the tolerance, wrong outside it', () => {
    expect(scoreAnswer(q(3), 0.251).correct).toBe(true);
    expect(scoreAnswer(q(3), 0.2489).correct).toBe(false);
    expect(scoreAnswer(q(3), 'abc' as unknown as number).correct).toBe(false);
  });
  it('ordering: all or nothing', () => {
    expect(scoreAnswer(q(4), ['b', 'c', 'a']).credit).toBe(1);
    expect(scoreAnswer(q(4), ['b', 'a', 'c']).credit).toBe(0);
  });
});
