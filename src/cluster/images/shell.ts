import parse = require('shell-quote/parse');
import type { ContainerContext, Program } from './types';

/**
 * A small, correct subset of `sh -c`: simple commands joined by `;`, `&&` and `||`, single and
 * double quotes, backslash escapes, `$VAR` / `${VAR}` / `${VAR:-default}` / `$?` expansion and
 * `NAME=value` assignments. No pipes, redirections, loops or subshells: those fail loudly.
 *
 * shell-quote does the quoting; it expands variables while it parses, so we hand it a marker for
 * each variable and expand the marker when the command runs (then `false; echo $?` prints 1).
 * One known difference: an unquoted expansion is not split into several words.
 */

/** The messages that differ between the shells the images ship. */
export interface ShellDialect {
  /** e.g. busybox ash: `sh: X: not found`. */
  notFound(name: string): string;
}

export const BUSYBOX_ASH: ShellDialect = { notFound: (n) => `sh: ${n}: not found` };
/** Debian's /bin/sh is dash, which names the line: `sh: 1: X: not found`. */
export const DASH: ShellDialect = { notFound: (n) => `sh: 1: ${n}: not found` };
/** CentOS's /bin/sh is bash. */
export const BASH: ShellDialect = { notFound: (n) => `sh: ${n}: command not found` };

/** POSIX: 127 when a command is not found, 2 for a syntax error in the shell. */
export const EXIT_NOT_FOUND = 127;
export const EXIT_SYNTAX = 2;

const SUPPORTED = 'simple commands with ;, && and ||, quotes, $VAR, ${VAR}, ${VAR:-default}, $? and NAME=value';
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'function', '{', '}', '!']);
const M_OPEN = '\u0001';
const M_CLOSE = '\u0002';
const MARKER = /\u0001([^\u0002]*)\u0002/g;

type Op = '&&' | '||' | ';';
interface Step { op: Op; words: string[] }

class ShellExit {
  constructor(readonly code: number) {}
}
class SyntaxError_ {
  constructor(readonly message: string) {}
}

/** Quotes must close; shell-quote accepts `echo "abc` silently, ash says this. */
function checkQuotes(script: string): void {
  let quote: string | undefined;
  for (let i = 0; i < script.length; i++) {
    const c = script[i];
    if (c === '\\' && quote !== "'") i++;
    else if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
  }
  if (quote) throw new SyntaxError_('syntax error: unterminated quoted string');
}

function tokenize(script: string): Step[] {
  checkQuotes(script);
  const entries = parse(script, (key: string) => M_OPEN + key + M_CLOSE);
  const steps: Step[] = [];
  let words: string[] = [];
  let op: Op = ';';
  const finish = (next: Op | undefined) => {
    if (words.length === 0) {
      if (next === undefined && op === ';') return;
      throw new SyntaxError_(next === undefined ? 'syntax error: unexpected end of file' : `syntax error: unexpected "${next}"`);
    }
    steps.push({ op, words });
    words = [];
    if (next) op = next;
  };
  for (const e of entries) {
    if (typeof e === 'string') words.push(e);
    else if ('comment' in e) break;
    else if (e.op === 'glob') words.push(e.pattern); // no files in the container, so a glob stays as written
    else if (e.op === ';' || e.op === '&&' || e.op === '||') finish(e.op);
    else throw new SyntaxError_(`'${e.op}' is not supported by the kit's shell (it runs ${SUPPORTED})`);
  }
  finish(undefined);
  return steps;
}

interface ShellState {
  vars: Record<string, string>;
  status: number;
  /** $0, $1, …: `sh -c SCRIPT NAME ARG…` sets them. */
  positional: string[];
}

function expandVar(name: string, st: ShellState): string {
  if (name === '?') return String(st.status);
  if (name === '$') return '1'; // the shell is the container's PID 1
  if (name === '#') return String(st.positional.length - 1);
  if (name === '') return '$';
  if (/^[0-9]$/.test(name)) return st.positional[Number(name)] ?? '';
  if (name === '@' || name === '*') return st.positional.slice(1).join(' ');
  if (name === '!' || name === '-') return '';
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)(.*))?$/s.exec(name);
  if (!m) throw new SyntaxError_(`\${${name}}: bad substitution`);
  const value = st.vars[m[1]];
  if (m[2] === ':-') return value ? value : expandWord(m[3], st);
  if (m[2] === '-') return value !== undefined ? value : expandWord(m[3], st);
  return value ?? '';
}

function expandWord(word: string, st: ShellState): string {
  return word.replace(MARKER, (_, name: string) => expandVar(name, st));
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

export interface ShellOptions {
  dialect: ShellDialect;
  /** Finds a program in the image by name or path. */
  lookup(name: string): Program | undefined;
}

async function runSimple(words: string[], st: ShellState, ctx: ContainerContext, opts: ShellOptions): Promise<number> {
  const assigns: Record<string, string> = {};
  let i = 0;
  for (; i < words.length; i++) {
    const m = ASSIGNMENT.exec(words[i]);
    if (!m) break;
    assigns[m[1]] = expandWord(m[2], st);
  }
  if (i === words.length) {
    Object.assign(st.vars, assigns);
    return 0;
  }
  const argv = words.slice(i).map((w) => expandWord(w, st));
  const name = argv[0];
  if (KEYWORDS.has(words[i])) throw new SyntaxError_(`'${name}' is not supported by the kit's shell (it runs ${SUPPORTED})`);
  switch (name) {
    case 'exit': {
      if (argv.length === 1) throw new ShellExit(st.status);
      if (!/^[0-9]+$/.test(argv[1])) {
        ctx.stderr(`sh: exit: Illegal number: ${argv[1]}\n`);
        throw new ShellExit(EXIT_SYNTAX);
      }
      throw new ShellExit(Number(argv[1]) & 255);
    }
    case 'export':
      for (const a of argv.slice(1)) {
        const m = ASSIGNMENT.exec(a);
        if (m) st.vars[m[1]] = m[2];
      }
      return 0;
    case ':':
      return 0;
  }
  const program = opts.lookup(name);
  if (!program) {
    ctx.stderr(opts.dialect.notFound(name) + '\n');
    return EXIT_NOT_FOUND;
  }
  return program(argv, { ...ctx, env: { ...st.vars, ...assigns } });
}

/** Runs a script as `sh -c SCRIPT [NAME [ARG…]]` does and resolves with its exit status. */
export async function runScript(script: string, ctx: ContainerContext, opts: ShellOptions, positional: string[] = ['sh']): Promise<number> {
  const st: ShellState = { vars: { ...ctx.env }, status: 0, positional: positional.length ? positional : ['sh'] };
  try {
    const steps = tokenize(script);
    for (const step of steps) {
      // POSIX and-or lists: && and || have equal precedence and group left to right.
      if (step.op === '&&' && st.status !== 0) continue;
      if (step.op === '||' && st.status === 0) continue;
      ctx.signal.throwIfAborted();
      st.status = await runSimple(step.words, st, ctx, opts);
    }
    return st.status;
  } catch (e) {
    if (e instanceof ShellExit) return e.code;
    if (e instanceof SyntaxError_) {
      ctx.stderr(`sh: ${e.message}\n`);
      return EXIT_SYNTAX;
    }
    throw e;
  }
}

/** The `sh` program: `sh -c SCRIPT`, or plain `sh`, which reads an empty stdin and exits 0. */
export function shellProgram(opts: ShellOptions): Program {
  return async (argv, ctx) => {
    const rest = argv.slice(1);
    if (rest.length === 0) return 0;
    if (rest[0] === '-c') {
      if (rest.length < 2) {
        ctx.stderr('sh: -c requires an argument\n');
        return EXIT_SYNTAX;
      }
      return runScript(rest[1], ctx, opts, rest.slice(2));
    }
    if (rest[0].startsWith('-')) {
      ctx.stderr(`sh: ${rest[0]}: the kit's shell takes only -c SCRIPT\n`);
      return EXIT_SYNTAX;
    }
    ctx.stderr(`sh: can't open '${rest[0]}': No such file or directory\n`);
    return EXIT_SYNTAX;
  };
}
