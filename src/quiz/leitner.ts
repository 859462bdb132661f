/**
 * Spaced repetition with Leitner boxes: a right answer moves a question up one box (1 → 5), a wrong
 * one sends it back to box 1, and each box waits longer before the question is due again. Missed
 * questions (box 1) are due at once, so they come back first.
 */
export const BOX_INTERVAL_DAYS = [0, 0, 1, 3, 7, 21] as const; // index = box; box 0 = never seen

export interface CardState {
  box: number;
  /** Epoch ms when it is next due. */
  due: number;
  seen: number;
  right: number;
  wrong: number;
  last: number;
}

const DAY = 86_400_000;

export function review(card: CardState | undefined, correct: boolean, now: number): CardState {
  const c = card ?? { box: 0, due: now, seen: 0, right: 0, wrong: 0, last: now };
  const box = correct ? Math.min(5, Math.max(1, c.box) + 1) : 1;
  return { box, due: now + BOX_INTERVAL_DAYS[box] * DAY, seen: c.seen + 1, right: c.right + (correct ? 1 : 0), wrong: c.wrong + (correct ? 0 : 1), last: now };
}

/**
 * Practice order: missed and due questions first (lowest box, then longest overdue), then questions
 * never seen (in the given order), then the rest by how soon they fall due.
 */
export function practiceOrder<T extends { id: string }>(questions: T[], cards: Record<string, CardState>, now: number): T[] {
  const rank = (q: T): [number, number, number] => {
    const c = cards[q.id];
    if (!c) return [1, 0, 0];
    if (c.due <= now) return [0, c.box, c.due];
    return [2, c.due, c.box];
  };
  return questions
    .map((q, i) => ({ q, i, r: rank(q) }))
    .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.r[2] - b.r[2] || a.i - b.i)
    .map((x) => x.q);
}
