/** The question bank format (quizzes/<bank>/bank.yaml and quizzes/<bank>/<topic>.yaml). */
export type QuestionType = 'single' | 'multiple' | 'numeric' | 'ordering';
export type Difficulty = 'easy' | 'medium' | 'hard';

export interface Domain {
  id: string;
  title: string;
  weight: number;
}

export interface ExamRules {
  questions: number;
  minutes: number;
  passPercent: number;
}

export interface Question {
  id: string;
  bank: string;
  domain: string;
  ref: string;
  difficulty: Difficulty;
  type: QuestionType;
  question: string;
  options?: Record<string, string>;
  answer: string | string[] | number;
  tolerance?: number;
  unit?: string;
  explanation: string;
  wrong?: Record<string, string>;
  source: string;
  note?: string;
  /** Where the question was written (file:line), or "generated:<kind>:<seed>". */
  origin: string;
}

export interface Bank {
  name: string;
  title: string;
  domains: Domain[];
  exam?: ExamRules;
  questions: Question[];
  dir: string;
}

/** A learner's answer: an option key, a list of keys (multiple, ordering) or a number. */
export type Answer = string | string[] | number;

export interface Problem {
  file: string;
  line: number;
  message: string;
  severity: 'error' | 'warning';
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${p.severity}: ${p.message}`;
}
