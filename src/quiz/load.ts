import fs from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { kitRoot } from '../env/paths';
import { validateBank, validateQuestion } from './schema';
import type { Bank, Problem, Question } from './types';

/** Where the banks live: quizzes/ in the checkout, or KIT_QUIZ_DIR (tests and workshops). */
export function quizDir(): string {
  return path.resolve(process.env.KIT_QUIZ_DIR ?? path.join(kitRoot, 'quizzes'));
}

/** A parsed YAML file that can say which line any path in it came from. */
export class YamlFile {
  constructor(readonly file: string, readonly doc: Document.Parsed, private readonly lines: LineCounter) {}

  /** The 1-based line of the node at `at` (e.g. ['questions', 3, 'answer']), or of its nearest parent. */
  lineOf(at: (string | number)[]): number {
    for (let n = at.length; n >= 0; n--) {
      const node = this.doc.getIn(at.slice(0, n), true) as YamlNode | undefined;
      if (node && typeof node === 'object' && 'range' in node && node.range) return this.lines.linePos(node.range[0]).line;
    }
    return 1;
  }

  /** The line of a mapping key (so "missing field" points at the question's `id:` line). */
  keyLine(at: (string | number)[], key: string): number {
    const node = this.doc.getIn(at, true);
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown })?.value === key);
      const k = pair?.key as YamlNode | undefined;
      if (k?.range) return this.lines.linePos(k.range[0]).line;
    }
    return this.lineOf(at);
  }

  problem(at: (string | number)[], message: string, severity: Problem['severity'] = 'error'): Problem {
    return { file: this.file, line: this.lineOf(at), message, severity };
  }
}

/** Parses one YAML file; syntax errors come back as problems with their line, never as a throw. */
export function readYaml(file: string): { yaml?: YamlFile; problems: Problem[] } {
  const lines = new LineCounter();
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { problems: [{ file, line: 1, message: `cannot read: ${(e as Error).message}`, severity: 'error' }] };
  }
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      problems: doc.errors.map((e) => ({ file, line: e.linePos?.[0]?.line ?? 1, message: `YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, severity: 'error' as const })),
    };
  }
  return { yaml: new YamlFile(file, doc, lines), problems: [] };
}

export interface LoadResult {
  banks: Bank[];
  problems: Problem[];
}

function rel(file: string): string {
  const r = path.relative(process.cwd(), file);
  return r.startsWith('..') ? file : r;
}

/** Loads one bank folder: bank.yaml plus every other *.yaml topic file. A broken file drops only its own questions. */
export function loadBank(dir: string): { bank?: Bank; problems: Problem[] } {
  const problems: Problem[] = [];
  const head = readYaml(rel(path.join(dir, 'bank.yaml')));
  problems.push(...head.problems);
  if (!head.yaml) return { problems };
  const meta = validateBank(head.yaml, path.basename(dir));
  problems.push(...meta.problems);
  if (!meta.bank) return { problems };
  const bank: Bank = { ...meta.bank, questions: [], dir };
  const topics = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && f !== 'bank.yaml').sort();
  for (const topic of topics) {
    const y = readYaml(rel(path.join(dir, topic)));
    problems.push(...y.problems);
    if (!y.yaml) continue;
    const root = y.yaml.doc.toJS() as unknown;
    const list = (root as { questions?: unknown } | null)?.questions;
    if (!Array.isArray(list) || !isSeq(y.yaml.doc.get('questions', true))) {
      problems.push(y.yaml.problem([], 'a topic file needs a top-level `questions:` list'));
      continue;
    }
    list.forEach((raw, i) => {
      const r = validateQuestion(raw, bank, y.yaml!, ['questions', i]);
      problems.push(...r.problems);
      if (r.question) bank.questions.push(r.question);
    });
  }
  return { bank, problems };
}

/** Loads every bank under `root` (default quizDir()). Duplicate ids across banks are errors. */
export function loadBanks(root = quizDir()): LoadResult {
  const problems: Problem[] = [];
  const banks: Bank[] = [];
  if (!fs.existsSync(root)) return { banks, problems: [{ file: root, line: 1, message: 'no quizzes folder', severity: 'error' }] };
  for (const name of fs.readdirSync(root).sort()) {
    const dir = path.join(root, name);
    if (!fs.statSync(dir).isDirectory() || !fs.existsSync(path.join(dir, 'bank.yaml'))) continue;
    const r = loadBank(dir);
    problems.push(...r.problems);
    if (r.bank) banks.push(r.bank);
  }
  const seen = new Map<string, Question>();
  for (const b of banks) {
    b.questions = b.questions.filter((q) => {
      const first = seen.get(q.id);
      if (!first) return seen.set(q.id, q), true;
      const [file, line] = splitOrigin(q.origin);
      problems.push({ file, line, message: `duplicate id ${q.id} (first at ${first.origin})`, severity: 'error' });
      return false;
    });
  }
  return { banks, problems };
}

export function splitOrigin(origin: string): [string, number] {
  const m = /^(.*):(\d+)$/.exec(origin);
  return m ? [m[1], Number(m[2])] : [origin, 1];
}
