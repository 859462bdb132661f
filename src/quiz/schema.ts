import type { YamlFile } from './load';
import type { Bank, Difficulty, Domain, ExamRules, Problem, Question, QuestionType } from './types';

const TYPES: QuestionType[] = ['single', 'multiple', 'numeric', 'ordering'];
const DIFFICULTIES: Difficulty[] = ['easy', 'medium', 'hard'];
const FIELDS = new Set(['id', 'domain', 'ref', 'difficulty', 'type', 'question', 'options', 'answer', 'tolerance', 'unit', 'explanation', 'wrong', 'source', 'note']);
const REF = /^(principle|capability|persona|phase|concept): \S/;
const SOURCE = /^(https?:\/\/\S+|facts: \S.*)$/;

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/** Checks bank.yaml: name (matching its folder), title, domains with positive weights, optional exam rules. */
export function validateBank(y: YamlFile, folder: string): { bank?: Omit<Bank, 'questions' | 'dir'>; problems: Problem[] } {
  const problems: Problem[] = [];
  const raw = y.doc.toJS() as unknown;
  if (!isObj(raw)) return { problems: [y.problem([], 'bank.yaml must be a mapping with name, title and domains')] };
  if (raw.name !== folder) problems.push(y.problem(['name'], `name must be the folder's name "${folder}", got ${JSON.stringify(raw.name)}`));
  if (!text(raw.title)) problems.push(y.problem(['title'], 'title is missing'));
  const domains: Domain[] = [];
  if (!Array.isArray(raw.domains) || raw.domains.length === 0) problems.push(y.problem(['domains'], 'domains must be a non-empty list of { id, title, weight }'));
  else
    raw.domains.forEach((d, i) => {
      if (!isObj(d) || !text(d.id) || !text(d.title) || typeof d.weight !== 'number' || !(d.weight > 0))
        problems.push(y.problem(['domains', i], 'a domain needs id, title and a positive weight'));
      else if (domains.some((x) => x.id === d.id)) problems.push(y.problem(['domains', i], `domain ${d.id} is listed twice`));
      else domains.push({ id: d.id, title: d.title, weight: d.weight });
    });
  let exam: ExamRules | undefined;
  if (raw.exam !== undefined) {
    const e = raw.exam;
    if (!isObj(e) || !Number.isInteger(e.questions) || !(typeof e.minutes === 'number' && e.minutes > 0) || !(typeof e.passPercent === 'number' && e.passPercent > 0 && e.passPercent <= 100))
      problems.push(y.problem(['exam'], 'exam needs integer questions, minutes > 0 and passPercent in (0, 100]'));
    else exam = { questions: e.questions as number, minutes: e.minutes, passPercent: e.passPercent };
  }
  if (problems.length) return { problems };
  return { bank: { name: folder, title: raw.title as string, domains, exam }, problems };
}

/** Checks one question against the format; a question with any error is not loaded. */
export function validateQuestion(raw: unknown, bank: Pick<Bank, 'name' | 'domains'>, y: YamlFile, at: (string | number)[]): { question?: Question; problems: Problem[] } {
  const problems: Problem[] = [];
  const err = (field: string | null, msg: string) =>
    problems.push({ file: y.file, line: field === null ? y.lineOf(at) : y.doc.hasIn([...at, field]) ? y.lineOf([...at, field]) : y.keyLine(at, 'id'), message: msg, severity: 'error' });
  if (!isObj(raw)) {
    err(null, 'a question must be a mapping');
    return { problems };
  }
  const id = text(raw.id) ? raw.id : '(no id)';
  const say = (m: string) => `${id}: ${m}`;
  for (const k of Object.keys(raw)) if (!FIELDS.has(k)) err(k, say(`unknown field "${k}"`));
  if (!text(raw.id)) err('id', 'id is missing');
  else if (!new RegExp(`^${bank.name}-[a-z0-9]+(?:-[a-z0-9]+)*-\\d{3,}$`).test(raw.id)) err('id', say(`id must look like ${bank.name}-<topic>-NNN`));
  if (!bank.domains.some((d) => d.id === raw.domain)) err('domain', say(`domain ${JSON.stringify(raw.domain)} is not one of ${bank.domains.map((d) => d.id).join(', ')}`));
  if (!text(raw.ref) || !REF.test(raw.ref)) err('ref', say('ref must start with "principle: ", "capability: ", "persona: ", "phase: " or "concept: "'));
  if (!DIFFICULTIES.includes(raw.difficulty as Difficulty)) err('difficulty', say('difficulty must be easy, medium or hard'));
  if (!TYPES.includes(raw.type as QuestionType)) err('type', say('type must be single, multiple, numeric or ordering'));
  if (!text(raw.question)) err('question', say('question text is missing'));
  if (!text(raw.explanation)) err('explanation', say('explanation is missing'));
  if (!text(raw.source)) err('source', say('source is missing'));
  else if (!SOURCE.test(raw.source.trim())) err('source', say('source must be a URL or "facts: <file> §<section>"'));
  const type = raw.type as QuestionType;
  const opts = raw.options;
  let keys: string[] = [];
  if (type === 'numeric') {
    if (opts !== undefined) err('options', say('a numeric question has no options'));
    if (typeof raw.answer !== 'number' || !Number.isFinite(raw.answer)) err('answer', say('a numeric answer must be a number'));
    if (raw.tolerance !== undefined && !(typeof raw.tolerance === 'number' && raw.tolerance >= 0)) err('tolerance', say('tolerance must be a number ≥ 0'));
    if (raw.wrong !== undefined) err('wrong', say('a numeric question has no wrong options to explain'));
  } else if (TYPES.includes(type)) {
    if (raw.tolerance !== undefined || raw.unit !== undefined) err(raw.tolerance !== undefined ? 'tolerance' : 'unit', say('tolerance and unit are for numeric questions only'));
    if (!isObj(opts) || Object.keys(opts).length < 2) err('options', say('options must map keys a, b, c, … to text (at least two)'));
    else {
      keys = Object.keys(opts);
      const expected = keys.map((_, i) => String.fromCharCode(97 + i));
      if (keys.join() !== expected.join()) err('options', say(`option keys must be ${expected.join(', ')} in order, got ${keys.join(', ')}`));
      for (const k of keys) if (!text(opts[k])) err('options', say(`option ${k} has no text`));
    }
    const ans = raw.answer;
    const listed = Array.isArray(ans) ? ans : [ans];
    for (const a of listed) if (!keys.includes(a as string)) err('answer', say(`answer ${JSON.stringify(a)} points to no option`));
    if (type === 'single' && typeof ans !== 'string') err('answer', say('a single-choice answer is one option key'));
    if (type === 'multiple' && (!Array.isArray(ans) || ans.length < 1 || new Set(ans).size !== ans.length)) err('answer', say('a multiple-choice answer is a list of distinct option keys'));
    if (type === 'ordering' && (!Array.isArray(ans) || [...ans].sort().join() !== [...keys].sort().join())) err('answer', say('an ordering answer lists every option key once, in the right order'));
    if ((type === 'single' || type === 'multiple') && listed.every((a) => keys.includes(a as string))) {
      const wrongKeys = keys.filter((k) => !listed.includes(k));
      const w = raw.wrong;
      if (!isObj(w)) err('wrong', say(`wrong must explain every non-answer option (${wrongKeys.join(', ')})`));
      else {
        for (const k of wrongKeys) if (!text(w[k])) err('wrong', say(`wrong option ${k} has no explanation`));
        for (const k of Object.keys(w)) if (!wrongKeys.includes(k)) err('wrong', say(`wrong.${k} explains ${listed.includes(k) ? 'a right answer' : 'no option'}`));
      }
    } else if (type === 'ordering' && raw.wrong !== undefined) err('wrong', say('an ordering question has no wrong options to explain'));
  }
  if (problems.length) return { problems };
  const q: Question = {
    id: raw.id as string,
    bank: bank.name,
    domain: raw.domain as string,
    ref: raw.ref as string,
    difficulty: raw.difficulty as Difficulty,
    type,
    question: raw.question as string,
    options: opts as Record<string, string> | undefined,
    answer: raw.answer as Question['answer'],
    tolerance: raw.tolerance as number | undefined,
    unit: raw.unit as string | undefined,
    explanation: raw.explanation as string,
    wrong: raw.wrong as Record<string, string> | undefined,
    source: (raw.source as string).trim(),
    note: raw.note as string | undefined,
    origin: `${y.file}:${y.keyLine(at, 'id')}`,
  };
  return { question: q, problems };
}
