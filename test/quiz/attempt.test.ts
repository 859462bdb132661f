import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { Attempt, loadBank, loadProgress, practiceOrder, review } from '../../src/quiz';
import { FIXTURES, tempFile } from './helpers';

const { bank } = loadBank(path.join(FIXTURES, 'demo'));

function fakeClock(start = 1_700_000_000_000) {
  let t = start;
  const clock = () => t;
  return Object.assign(clock, { advance: (ms: number) => (t += ms) });
}

describe('attempts', () => {
  it('practice gives feedback at once; exam keeps it for the end', () => {
    const file = tempFile();
    const p = Attempt.start({ bank: bank!, mode: 'practice', questions: bank!.questions, seed: 1, file });
    const r = p.answer('demo-basics-001', 'b');
    expect(r.correct).toBe(false);
    expect(r.feedback?.wrong).toBe('Optimize acts on what Inform shows.');
    const e = Attempt.start({ bank: bank!, mode: 'exam', questions: bank!.questions, seed: 1, file });
    expect(e.answer('demo-basics-001', 'a').feedback).toBeUndefined();
    const s = e.finish(bank);
    expect(s.byDomain.map((d) => [d.domain, d.earned])).toEqual([['inform', 1], ['optimize', 0]]);
    expect(s.passed).toBe(false);
  });

  it('the exam timer counts down from the limit and submits when time is up', () => {
    const clock = fakeClock();
    const a = Attempt.start({ bank: bank!, mode: 'exam', questions: bank!.questions, seed: 1, file: tempFile(), clock });
    expect(a.remainingMs()).toBe(10 * 60_000);
    clock.advance(4 * 60_000);
    a.answer('demo-basics-001', 'a');
    expect(a.remainingMs()).toBe(6 * 60_000);
    clock.advance(6 * 60_000 + 1);
    expect(a.timedOut()).toBe(true);
    expect(() => a.answer('demo-basics-005', 'b')).toThrow(/time is up/);
    expect(a.finished).toBe(true);
    expect(a.score(bank).answered).toBe(1);
  });

  it('resume restores answers, position and the exam time left (the clock stops while the kit is closed)', () => {
    const file = tempFile();
    const clock = fakeClock();
    const a = Attempt.start({ bank: bank!, mode: 'exam', questions: bank!.questions, seed: 7, file, clock });
    clock.advance(90_000);
    a.answer(a.questions[0].id, 'x');
    clock.advance(3_600_000); // the learner's laptop slept for an hour
    const b = Attempt.resume({ file, clock });
    expect(b.record.id).toBe(a.record.id);
    expect(Object.keys(b.record.answers)).toEqual([a.questions[0].id]);
    expect(b.record.cursor).toBe(1);
    expect(b.remainingMs()).toBe(10 * 60_000 - 90_000);
  });

  it('finished attempts cannot be resumed, and the message says what to do', () => {
    const file = tempFile();
    Attempt.start({ bank: bank!, mode: 'practice', questions: bank!.questions, seed: 1, file }).finish();
    expect(() => Attempt.resume({ file })).toThrow(/no unfinished attempt/);
  });

  it('two sessions on the same progress file keep each other\'s answers', () => {
    const file = tempFile();
    const a = Attempt.start({ bank: bank!, mode: 'practice', questions: bank!.questions, seed: 1, file });
    const b = Attempt.start({ bank: bank!, mode: 'practice', questions: bank!.questions, seed: 2, file });
    a.answer('demo-basics-001', 'a');
    b.answer('demo-basics-005', 'b');
    a.answer('demo-basics-003', 1);
    const p = loadProgress(file);
    expect(p.attempts.map((x) => Object.keys(x.answers))).toEqual([['demo-basics-001', 'demo-basics-003'], ['demo-basics-005']]);
    expect(p.history.map((h) => h.id)).toEqual(['demo-basics-001', 'demo-basics-005', 'demo-basics-003']);
    expect(Object.keys(p.cards).sort()).toEqual(['demo-basics-001', 'demo-basics-003', 'demo-basics-005']);
  });

  it('every answer is on disk before answer() returns', () => {
    const file = tempFile();
    const a = Attempt.start({ bank: bank!, mode: 'practice', questions: bank!.questions, seed: 1, file });
    a.answer('demo-basics-003', 0.25);
    const p = loadProgress(file);
    expect(p.attempts[0].answers['demo-basics-003']).toMatchObject({ answer: 0.25, correct: true });
    expect(p.cards['demo-basics-003'].box).toBe(2);
    expect(p.history).toHaveLength(1);
  });
});

describe('spaced repetition (Leitner boxes)', () => {
  const day = 86_400_000;
  it('a miss goes back to box 1 and is due at once; a hit moves up and waits longer', () => {
    const now = 0;
    const hit = review(undefined, true, now);
    expect([hit.box, hit.due]).toEqual([2, day]);
    const hit2 = review(hit, true, day);
    expect([hit2.box, hit2.due]).toEqual([3, 4 * day]);
    const miss = review(hit2, false, 2 * day);
    expect([miss.box, miss.due]).toEqual([1, 2 * day]);
  });
  it('orders missed questions first, then unseen ones, then the rest by due date', () => {
    const qs = ['right-long-ago', 'unseen', 'missed', 'right-yesterday', 'unseen-2'].map((id) => ({ id }));
    const now = 10 * day;
    const cards = {
      'right-long-ago': review(review(undefined, true, 0), true, day), // box 3, due day 4: overdue
      missed: review(review(undefined, true, 0), false, now - 1000), // box 1
      'right-yesterday': review(undefined, true, now - day / 2), // box 2, due tomorrow
    };
    expect(practiceOrder(qs, cards, now).map((q) => q.id)).toEqual(['missed', 'right-long-ago', 'unseen', 'unseen-2', 'right-yesterday']);
  });
});
