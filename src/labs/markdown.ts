/**
 * Lab texts are Markdown. Two things in them are the kit's own:
 * - ```yaml file=manifests/job.yaml``` (an empty fence) embeds that file from the lab folder, so
 *   the text shows exactly the YAML the tests apply;
 * - ```bash``` blocks are commands the harness runs as written; annotations after the language
 *   (`test=false`, `timeout=<s>`, `expectError=true`, `wait=<s>`, `hook=<name>`, `edit=solution`) control the run.
 * An unknown annotation is an error (eks-workshop-v2 only warns), so a typo cannot silently skip a test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { marked } from 'marked';
import { UserError } from '../cli/errors';

export const ShellLanguages = new Set(['bash', 'sh', 'shell']);

export interface ShellBlock {
  /** The commands, as the learner reads them. */
  text: string;
  /** 1-based line of the opening fence in the Markdown file. */
  line: number;
  test: boolean;
  /** Seconds (real time) before the block is killed. */
  timeout: number;
  expectError: boolean;
  /** Seconds to sleep after the block. */
  wait: number;
  hook?: string;
  /**
   * `edit=solution`: the block follows an edit the learner makes by hand; the harness makes it by
   * copying the step's solution files into the workspace first, so the block still runs.
   */
  edit?: 'solution';
}

export const DefaultTimeout = 60;
const SHELL_ANNOTATIONS = ['test', 'timeout', 'expectError', 'wait', 'hook', 'edit'];

function bad(file: string, line: number, what: string): never {
  throw new UserError(`${file}:${line}: ${what}`, { hint: `Shell fences take ${SHELL_ANNOTATIONS.map((a) => `${a}=`).join(', ')}; other fences take file= only (docs/labs.md).` });
}

/** Splits "bash timeout=5 test=false" into the language and key=value annotations. */
export function parseInfo(info: string, file: string, line: number): { lang: string; annotations: Map<string, string> } {
  const [lang = '', ...rest] = info.trim().split(/\s+/);
  const annotations = new Map<string, string>();
  for (const part of rest) {
    const m = /^([A-Za-z]+)=(\S+)$/.exec(part);
    if (!m) bad(file, line, `"${part}" is not an annotation (expected key=value)`);
    if (annotations.has(m[1])) bad(file, line, `annotation "${m[1]}" is given twice`);
    annotations.set(m[1], m[2]);
  }
  return { lang, annotations };
}

function bool(v: string, key: string, file: string, line: number): boolean {
  if (v !== 'true' && v !== 'false') bad(file, line, `${key}= must be true or false (got "${v}")`);
  return v === 'true';
}

function seconds(v: string, key: string, file: string, line: number): number {
  const n = Number(v);
  if (!(n >= 0) || !Number.isFinite(n)) bad(file, line, `${key}= must be a number of seconds (got "${v}")`);
  return n;
}

interface Fence {
  lang: string;
  annotations: Map<string, string>;
  text: string;
  raw: string;
  line: number;
}

function fences(markdown: string, file: string): Fence[] {
  const out: Fence[] = [];
  let offset = 0;
  for (const t of marked.lexer(markdown)) {
    const at = markdown.indexOf(t.raw, offset);
    if (at >= 0) offset = at + t.raw.length;
    if (t.type !== 'code' || !/^(```|~~~)/.test(t.raw)) continue;
    const line = markdown.slice(0, Math.max(at, 0)).split('\n').length;
    const { lang, annotations } = parseInfo(String((t as { lang?: string }).lang ?? ''), file, line);
    out.push({ lang, annotations, text: (t as { text: string }).text, raw: t.raw, line });
  }
  return out;
}

/** The shell blocks of a step text, in order, with their annotations validated. */
export function shellBlocks(markdown: string, file = 'step.md'): ShellBlock[] {
  const out: ShellBlock[] = [];
  for (const f of fences(markdown, file)) {
    if (!ShellLanguages.has(f.lang)) {
      for (const k of f.annotations.keys()) if (k !== 'file') bad(file, f.line, `unknown annotation "${k}" on a ${f.lang || 'plain'} fence`);
      continue;
    }
    for (const k of f.annotations.keys()) if (!SHELL_ANNOTATIONS.includes(k)) bad(file, f.line, `unknown annotation "${k}"`);
    const a = f.annotations;
    const block: ShellBlock = {
      text: f.text,
      line: f.line,
      test: a.has('test') ? bool(a.get('test')!, 'test', file, f.line) : true,
      timeout: a.has('timeout') ? seconds(a.get('timeout')!, 'timeout', file, f.line) : DefaultTimeout,
      expectError: a.has('expectError') ? bool(a.get('expectError')!, 'expectError', file, f.line) : false,
      wait: a.has('wait') ? seconds(a.get('wait')!, 'wait', file, f.line) : 0,
      hook: a.get('hook'),
    };
    if (a.has('edit')) {
      if (a.get('edit') !== 'solution') bad(file, f.line, `edit= takes only "solution" (the step's solution files), got "${a.get('edit')}"`);
      block.edit = 'solution';
    }
    if (block.text.trim() === '') bad(file, f.line, 'empty shell block');
    out.push(block);
  }
  return out;
}

/** The text with every `file=` fence filled from the lab folder (and annotations dropped), as the learner reads it. */
export function renderText(markdown: string, labDir: string, file = 'step.md'): string {
  let out = markdown;
  for (const f of fences(markdown, file)) {
    const fenceChars = f.raw.slice(0, 3);
    const embed = f.annotations.get('file');
    if (embed !== undefined) {
      if (ShellLanguages.has(f.lang)) bad(file, f.line, 'file= embeds a manifest; it cannot be used on a shell fence');
      if (f.text.trim() !== '') bad(file, f.line, `the file=${embed} fence must be empty (its content comes from the file)`);
      const p = path.join(labDir, embed);
      if (path.isAbsolute(embed) || embed.split(/[\\/]/).includes('..') || !fs.existsSync(p)) bad(file, f.line, `file=${embed} does not exist in the lab folder`);
      const content = fs.readFileSync(p, 'utf8').replace(/\n$/, '');
      const trailing = /\n*$/.exec(f.raw)![0];
      out = out.replace(f.raw, `${fenceChars}${f.lang}\n# ${embed}\n${content}\n${fenceChars}${trailing}`);
    } else if (f.annotations.size) {
      out = out.replace(f.raw, f.raw.replace(/^(```|~~~)[^\n]*/, `${fenceChars}${f.lang}`));
    }
  }
  return out;
}
