import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../env/atomic';
import { kitHome } from '../env/paths';
import { UserError } from '../cli/errors';
import type { CardState } from './leitner';
import type { Answer, Question } from './types';

export type Mode = 'practice' | 'exam';

export interface AttemptRecord {
  id: string;
  bank: string;
  mode: Mode;
  seed: number;
  createdAt: number;
  /** The questions as drawn (a snapshot, so a resumed attempt is the same exam even if the bank changed). */
  questions: Question[];
  answers: Record<string, { answer: Answer; credit: number; correct: boolean; at: number }>;
  /** Where the learner is (index into questions). */
  cursor: number;
  /** Exam time limit; absent in practice. */
  limitMs?: number;
  /** Time spent with the attempt open, saved with every answer; the clock stops while the kit is not running. */
  elapsedMs: number;
  finishedAt?: number;
  /** Final score percent, once finished. */
  percent?: number;
}

export interface HistoryEntry {
  at: number;
  attempt: string;
  bank: string;
  domain: string;
  id: string;
  credit: number;
  correct: boolean;
}

export interface Progress {
  version: 1;
  attempts: AttemptRecord[];
  cards: Record<string, CardState>;
  history: HistoryEntry[];
}

export function progressFile(): string {
  return path.join(kitHome(), 'quiz', 'progress.json');
}

const empty = (): Progress => ({ version: 1, attempts: [], cards: {}, history: [] });

export function loadProgress(file = progressFile()): Progress {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return empty();
  }
  try {
    const p = JSON.parse(text) as Progress;
    if (p.version !== 1 || !Array.isArray(p.attempts)) throw new Error('unknown format');
    return p;
  } catch (e) {
    throw new UserError(`quiz progress file ${file} is unreadable (${(e as Error).message})`, { hint: 'move it aside to start fresh; the kit writes it atomically, so this means it was edited by hand' });
  }
}

/** Saves progress atomically (tmp + fsync + rename), so a crash leaves the old file or the new one, never a torn one. */
export function saveProgress(p: Progress, file = progressFile()): void {
  writeFileAtomic(file, JSON.stringify(p));
}
