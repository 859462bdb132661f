import { UserError } from '../cli/errors';
import { drawExam } from './draw';
import { practiceOrder, type CardState } from './leitner';
import type { Bank, Question } from './types';

export type SelectMode = 'practice' | 'exam' | 'review';

/**
 * Which questions an attempt asks: an exam draws by domain weight; practice takes the Leitner order
 * (missed and due first, then unseen); review asks only the questions missed last time (box 1).
 */
export function selectQuestions(bank: Bank, mode: SelectMode, o: { count?: number; seed: number; cards: Record<string, CardState>; now: number }): Question[] {
  if (mode === 'exam') {
    const n = o.count ?? bank.exam?.questions ?? Math.min(50, bank.questions.length);
    return drawExam(bank, o.seed, Math.min(n, bank.questions.length));
  }
  let pool = bank.questions;
  if (mode === 'review') {
    pool = pool.filter((q) => o.cards[q.id]?.box === 1);
    if (!pool.length) throw new UserError(`no mistakes to review in ${bank.name}`, { hint: `practise first: kit quiz --bank ${bank.name}` });
  }
  return practiceOrder(pool, o.cards, o.now).slice(0, o.count ?? 10);
}
