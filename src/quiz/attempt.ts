import { UserError } from '../cli/errors';
import { review } from './leitner';
import { scoreAnswer, scoreSheet, type Scored, type SheetScore } from './score';
import { loadProgress, progressFile, saveProgress, type AttemptRecord, type Mode, type Progress } from './store';
import type { Answer, Bank, Question } from './types';

export type Clock = () => number;

export interface AnswerResult extends Scored {
  /** Practice: the feedback; exam: undefined until the end. */
  feedback?: { expected: Answer; explanation: string; wrong?: string };
}

/**
 * One attempt (a practice round or an exam) backed by the progress file: every answer is saved
 * atomically before `answer` returns, so a kill never loses a finished answer, and `Attempt.resume`
 * picks up the same questions, answers, position and (for exams) remaining time.
 */
export class Attempt {
  private runningSince: number;

  private constructor(
    readonly record: AttemptRecord,
    private readonly file: string,
    private readonly clock: Clock,
  ) {
    this.runningSince = clock();
  }

  static start(o: { bank: Pick<Bank, 'name' | 'exam'>; mode: Mode; questions: Question[]; seed: number; limitMs?: number; clock?: Clock; file?: string }): Attempt {
    const clock = o.clock ?? Date.now;
    const file = o.file ?? progressFile();
    const progress = loadProgress(file);
    const now = clock();
    const limitMs = o.mode === 'exam' ? (o.limitMs ?? (o.bank.exam?.minutes ?? 60) * 60_000) : undefined;
    const record: AttemptRecord = { id: `${o.bank.name}-${o.mode}-${now.toString(36)}-${progress.attempts.length + 1}`, bank: o.bank.name, mode: o.mode, seed: o.seed, createdAt: now, questions: o.questions, answers: {}, cursor: 0, limitMs, elapsedMs: 0 };
    progress.attempts.push(record);
    saveProgress(progress, file);
    return new Attempt(record, file, clock);
  }

  /** Reopens an unfinished attempt: by id, or the latest unfinished one (of `bank`, when given). */
  static resume(o: { id?: string; bank?: string; clock?: Clock; file?: string } = {}): Attempt {
    const file = o.file ?? progressFile();
    const progress = loadProgress(file);
    const open = progress.attempts.filter((a) => !a.finishedAt && (!o.bank || a.bank === o.bank) && (!o.id || a.id === o.id));
    const rec = open[open.length - 1];
    if (!rec) throw new UserError(o.id ? `no unfinished attempt ${o.id}` : 'no unfinished attempt to resume', { hint: 'start one with `kit quiz` (see `kit quiz attempts` for the list)' });
    return new Attempt(rec, file, o.clock ?? Date.now);
  }

  get mode(): Mode {
    return this.record.mode;
  }
  get questions(): Question[] {
    return this.record.questions;
  }
  get finished(): boolean {
    return this.record.finishedAt !== undefined;
  }

  elapsedMs(): number {
    return this.record.elapsedMs + (this.finished ? 0 : this.clock() - this.runningSince);
  }

  /** Exam time left (ms, ≥ 0); undefined in practice. */
  remainingMs(): number | undefined {
    return this.record.limitMs === undefined ? undefined : Math.max(0, this.record.limitMs - this.elapsedMs());
  }

  timedOut(): boolean {
    const r = this.remainingMs();
    return r !== undefined && r <= 0;
  }

  /**
   * Re-reads the file, puts this attempt's record in it and applies `change`, then writes it back
   * atomically: another `kit quiz` running at the same time keeps its own attempts and answers.
   */
  private save(change?: (p: Progress) => void): void {
    const p = loadProgress(this.file);
    const i = p.attempts.findIndex((a) => a.id === this.record.id);
    if (i >= 0) p.attempts[i] = this.record;
    else p.attempts.push(this.record);
    change?.(p);
    saveProgress(p, this.file);
  }

  private tick(): void {
    const now = this.clock();
    this.record.elapsedMs += now - this.runningSince;
    this.runningSince = now;
  }

  /** Records an answer and saves. In practice mode the result carries the feedback; in exam mode it does not. */
  answer(id: string, a: Answer): AnswerResult {
    if (this.finished) throw new UserError('this attempt is finished', { hint: 'start a new one with `kit quiz`' });
    const q = this.record.questions.find((x) => x.id === id);
    if (!q) throw new UserError(`question ${id} is not in this attempt`);
    if (this.timedOut()) {
      this.finish();
      throw new UserError('time is up: the exam was submitted with the answers given so far', { hint: 'see the result with `kit quiz attempts`' });
    }
    const s = scoreAnswer(q, a);
    const now = this.clock();
    this.tick();
    this.record.answers[id] = { answer: a, credit: s.credit, correct: s.correct, at: now };
    const idx = this.record.questions.indexOf(q);
    if (idx >= this.record.cursor) this.record.cursor = idx + 1;
    this.save((p) => {
      p.cards[id] = review(p.cards[id], s.correct, now);
      p.history.push({ at: now, attempt: this.record.id, bank: q.bank, domain: q.domain, id, credit: s.credit, correct: s.correct });
    });
    if (this.mode === 'exam') return s;
    const wrong = typeof a === 'string' ? q.wrong?.[a] : undefined;
    return { ...s, feedback: { expected: q.answer, explanation: q.explanation, wrong } };
  }

  /** Moves the cursor (navigation) and saves. */
  goTo(index: number): void {
    this.record.cursor = Math.max(0, Math.min(index, this.record.questions.length));
    this.tick();
    this.save();
  }

  /** Saves the time spent so far (call when the learner quits without finishing). */
  pause(): void {
    if (this.finished) return;
    this.tick();
    this.save();
  }

  score(bank?: Pick<Bank, 'domains' | 'exam'>): SheetScore {
    const answers = Object.fromEntries(Object.entries(this.record.answers).map(([k, v]) => [k, v.answer]));
    return scoreSheet(this.record.questions, answers, this.mode === 'exam' ? bank : bank && { domains: bank.domains });
  }

  finish(bank?: Pick<Bank, 'domains' | 'exam'>): SheetScore {
    if (!this.finished) {
      this.tick();
      if (this.record.limitMs !== undefined) this.record.elapsedMs = Math.min(this.record.elapsedMs, this.record.limitMs);
      this.record.finishedAt = this.clock();
    }
    const s = this.score(bank);
    this.record.percent = s.percent;
    this.save();
    return s;
  }
}
