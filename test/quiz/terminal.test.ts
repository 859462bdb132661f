import { afterEach, describe, expect, it, vi } from 'vitest';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Attempt, loadBank, review, selectQuestions } from '../../src/quiz';
import { TerminalQuiz } from '../../src/quiz/terminal';
import { FIXTURES, tempFile } from './helpers';

const { bank } = loadBank(path.join(FIXTURES, 'demo'));

function streams() {
  const input = new PassThrough() as unknown as NodeJS.ReadStream;
  const output = new PassThrough() as unknown as NodeJS.WriteStream;
  let text = '';
  (output as unknown as PassThrough).on('data', (d) => (text += d.toString()));
  return { input, output, text: () => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '') };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('terminal quiz timer (fake clock)', () => {
  it('counts down each second and submits the exam when time runs out, keeping the answers given', async () => {
    vi.useFakeTimers();
    let now = 1_000_000;
    const clock = () => now;
    const qs = bank!.questions.filter((q) => q.type === 'single');
    const a = Attempt.start({ bank: bank!, mode: 'exam', questions: qs, seed: 1, limitMs: 60_000, clock, file: tempFile() });
    const io = streams();
    const done = new TerminalQuiz(a, bank!, io).run();
    expect(io.text()).toContain('time left 1:00');
    now += 20_000;
    vi.advanceTimersByTime(1000);
    expect(io.text()).toContain('time left 0:40');
    (io.input as unknown as PassThrough).write(qs[0].id === 'demo-basics-001' ? '1' : '2'); // the right option
    await vi.advanceTimersByTimeAsync(0);
    expect(io.text()).toContain('answered 1');
    now += 40_001;
    vi.advanceTimersByTime(1000);
    const s = await done;
    expect(s).toMatchObject({ answered: 1, questions: 2, percent: 50, passed: false });
    expect(io.text()).toContain('Demo bank (test fixture): 50 %  FAIL (pass mark 75 %)');
    expect(io.text()).toMatch(/Missed:\n  demo-basics-00\d: you answered \(no answer\), the answer is [ab]/);
    expect(a.finished).toBe(true);
  });
});

describe('selecting questions', () => {
  it('review asks only the questions missed last time, and says so when there are none', () => {
    const now = 5_000;
    expect(() => selectQuestions(bank!, 'review', { seed: 1, cards: {}, now })).toThrow(/no mistakes to review in demo/);
    const cards = { 'demo-basics-003': review(undefined, false, 0), 'demo-basics-001': review(undefined, true, 0) };
    expect(selectQuestions(bank!, 'review', { seed: 1, cards, now }).map((q) => q.id)).toEqual(['demo-basics-003']);
    expect(selectQuestions(bank!, 'practice', { seed: 1, cards, now, count: 3 }).map((q) => q.id)).toEqual(['demo-basics-003', 'demo-basics-002', 'demo-basics-004']);
    expect(selectQuestions(bank!, 'exam', { seed: 1, cards, now })).toHaveLength(4);
  });
});
