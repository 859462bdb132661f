import type { Program } from './types';
import { bpi } from './pi';

/**
 * The `perl` program of the perl image, for the one-liners the labs run — above all the Job
 * example from the Kubernetes docs: `perl -Mbignum=bpi -wle "print bpi(2000)"`. It understands
 * perl's switches (-M, -w, -l, -e, clustered as in -wle) and `print` of bpi(N), numbers and strings.
 * Anything else exits 2 and says what the kit's perl runs.
 */

export const PERL_VERSION = 'v5.40.0';
const SUPPORTED = `the kit's perl image runs one-liners like: perl -Mbignum=bpi -wle "print bpi(2000)" (print of bpi(N), numbers and quoted strings)`;

/** A perl error: perl prints the message and exits 255 ("die" and compile errors). */
class PerlDie {
  constructor(readonly message: string) {}
}
class Unsupported {
  constructor(readonly what: string) {}
}

interface Switches {
  modules: string[];
  warnings: boolean;
  autoNewline: boolean;
  program?: string;
  debugger: boolean;
  version: boolean;
}

function parseSwitches(args: string[]): Switches {
  const s: Switches = { modules: [], warnings: false, autoNewline: false, debugger: false, version: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') break;
    if (!a.startsWith('-') || a === '-') {
      if (s.program === undefined) throw new Unsupported(`running the script file '${a}'`);
      break; // arguments for the -e program (@ARGV); our programs never read them
    }
    // perlrun: switches may be clustered; -e, -E and -M take the rest of the cluster or the next argument.
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      const rest = a.slice(j + 1);
      if (c === 'e' || c === 'E') {
        const code = rest || args[++i];
        if (code === undefined) throw new PerlDie('No code specified for -e.');
        s.program = s.program === undefined ? code : `${s.program}\n${code}`;
        break;
      }
      if (c === 'M' || c === 'm') {
        if (!rest) throw new PerlDie(`Missing argument to -${c}.`);
        s.modules.push(rest);
        break;
      }
      if (c === 'w' || c === 'W') s.warnings = true;
      else if (c === 'l') s.autoNewline = true;
      else if (c === 'd') { s.debugger = true; break; }
      else if (c === 'v') s.version = true;
      else throw new Unsupported(`the switch -${c}`);
    }
  }
  return s;
}

function imports(modules: string[]): Set<string> {
  const names = new Set<string>();
  for (const m of modules) {
    const [mod, list] = m.split('=', 2);
    if (mod !== 'bignum' && mod !== 'bigrat' && mod !== 'bigint' && mod !== 'strict' && mod !== 'warnings') throw new Unsupported(`the module ${mod}`);
    for (const n of (list ?? '').split(',')) if (n) names.add(n);
  }
  return names;
}

/** One argument of `print`: bpi(N), a number, or a quoted string. */
function evalTerm(term: string, names: Set<string>): string {
  const t = term.trim();
  let m = /^bpi\s*\(\s*([^)]*?)\s*\)$/.exec(t);
  if (m) {
    if (!names.has('bpi')) throw new PerlDie('Undefined subroutine &main::bpi called at -e line 1.');
    if (m[1] === '') throw new PerlDie('Not enough arguments for bignum::bpi at -e line 1, near "()"\nExecution of -e aborted due to compilation errors.');
    if (!/^[+-]?\d+$/.test(m[1])) throw new Unsupported(`bpi(${m[1]})`);
    const n = Number(m[1]);
    // bignum.pm: accuracy must be positive; 0 means "no accuracy", i.e. the default 40 digits.
    if (n < 0) throw new PerlDie('Argument to accuracy must be greater than zero at /usr/local/lib/perl5/5.40.0/bignum.pm line 435.');
    return bpi(n);
  }
  if (/^[+-]?\d+$/.test(t)) return String(Number(t));
  m = /^'((?:[^'\\]|\\.)*)'$/.exec(t);
  if (m) return m[1].replace(/\\(['\\])/g, '$1');
  m = /^"((?:[^"\\$@]|\\.)*)"$/.exec(t);
  if (m) return m[1].replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t' } as Record<string, string>)[c] ?? c);
  throw new Unsupported(`the expression ${t}`);
}

function runProgram(program: string, names: Set<string>, autoNewline: boolean): string {
  let out = '';
  for (const stmt of program.split(/;\s*(?=(?:[^"']|"[^"]*"|'[^']*')*$)/)) {
    const st = stmt.trim();
    if (!st) continue;
    const m = /^print\b\s*(.*)$/s.exec(st);
    if (!m) throw new Unsupported(`the statement ${st}`);
    const terms = m[1].trim() === '' ? [] : m[1].split(/,(?=(?:[^"']|"[^"]*"|'[^']*')*$)/);
    out += terms.map((t) => evalTerm(t, names)).join('') + (autoNewline ? '\n' : '');
  }
  return out;
}

export const perl: Program = async (argv, ctx) => {
  try {
    const sw = parseSwitches(argv.slice(1));
    if (sw.version) {
      ctx.stdout(`\nThis is perl 5, version 40, subversion 0 (${PERL_VERSION}) built for x86_64-linux-gnu (simulated by cloud-study-kit)\n`);
      return 0;
    }
    if (sw.program === undefined) {
      // The image's default command is the debugger (perl -de0); with no terminal it reads EOF and quits.
      if (sw.debugger) return 0;
      throw new Unsupported('reading a program from stdin');
    }
    ctx.stdout(runProgram(sw.program, imports(sw.modules), sw.autoNewline));
    return 0;
  } catch (e) {
    if (e instanceof PerlDie) {
      ctx.stderr(e.message + '\n');
      return 255;
    }
    if (e instanceof Unsupported) {
      ctx.stderr(`perl: ${e.what} is not supported: ${SUPPORTED}\n`);
      return 2;
    }
    throw e;
  }
};
