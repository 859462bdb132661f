import fs from 'node:fs';
import { UserError } from '../cli/errors';
import { loadBanks, quizDir } from './load';
import { questionFromId } from './generate';
import { scoreSheet, type SheetScore } from './score';
import type { Answer, Question } from './types';

/** A prepared answer sheet: `{ "bank": "focp", "answers": { "<id>": "b" | ["a","c"] | 12.5 } }` (bank optional). */
export interface AnswerSheet {
  bank?: string;
  answers: Record<string, Answer>;
}

/**
 * Scores an answer sheet without any interaction (workshops, CI). Bank questions are looked up by id;
 * generated cost questions (`cost-<kind>-<seed>`) are rebuilt from theirs. Unknown ids are an error,
 * so a typo never scores silently as a wrong answer.
 */
export function scoreAnswerSheet(fileOrSheet: string | AnswerSheet, root = quizDir()): SheetScore & { bank?: string } {
  let sheet: AnswerSheet;
  if (typeof fileOrSheet === 'string') {
    let text: string;
    try {
      text = fs.readFileSync(fileOrSheet, 'utf8');
    } catch {
      throw new UserError(`cannot read the answer sheet ${fileOrSheet}`, { hint: 'pass a JSON file like {"answers": {"focp-lifecycle-001": "b"}}' });
    }
    try {
      sheet = JSON.parse(text);
    } catch (e) {
      throw new UserError(`${fileOrSheet} is not JSON: ${(e as Error).message}`);
    }
  } else sheet = fileOrSheet;
  if (!sheet || typeof sheet !== 'object' || typeof sheet.answers !== 'object' || sheet.answers === null)
    throw new UserError('the answer sheet needs an "answers" object mapping question ids to answers', { hint: '{"bank": "focp", "answers": {"focp-lifecycle-001": "b"}}' });
  const { banks } = loadBanks(root);
  const byId = new Map<string, Question>(banks.flatMap((b) => b.questions.map((q) => [q.id, q] as const)));
  const qs: Question[] = [];
  const unknown: string[] = [];
  for (const id of Object.keys(sheet.answers)) {
    const q = byId.get(id) ?? questionFromId(id);
    if (q) qs.push(q);
    else unknown.push(id);
  }
  if (unknown.length) throw new UserError(`unknown question id${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, { hint: 'ids are in the bank files (quizzes/<bank>/*.yaml); `kit quiz lint` lists the banks' });
  // No bank named: when every question comes from one bank, report with its domain titles.
  const only = new Set(qs.map((q) => q.bank));
  const name = sheet.bank ?? (only.size === 1 ? [...only][0] : undefined);
  const bank = name ? banks.find((b) => b.name === name) : undefined;
  if (sheet.bank && !bank && sheet.bank !== 'cost') throw new UserError(`no bank named ${sheet.bank}`, { hint: `banks: ${banks.map((b) => b.name).join(', ')}` });
  return { bank: name, ...scoreSheet(qs, sheet.answers, bank) };
}
