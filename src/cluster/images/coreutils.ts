import type { ContainerContext, Program } from './types';
import type { ProgramTable } from './exec';

/**
 * The everyday commands the labs use, written to behave like busybox's: echo, sleep, env,
 * printenv, hostname, date, cat, true, false. Sleeps run on the virtual clock.
 */

function write(ctx: ContainerContext, text: string): void {
  if (text) ctx.stdout(text);
}

const ECHO_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', a: '\x07', b: '\b', v: '\v', f: '\f', e: '\x1b' };

/** busybox echo: leading -n/-e/-E options (also combined, e.g. -ne); -e interprets backslash escapes. */
export const echo: Program = async (argv, ctx) => {
  let newline = true;
  let escapes = false;
  let i = 1;
  for (; i < argv.length && /^-[neE]+$/.test(argv[i]); i++) {
    for (const f of argv[i].slice(1)) {
      if (f === 'n') newline = false;
      else if (f === 'e') escapes = true;
      else escapes = false;
    }
  }
  let text = argv.slice(i).join(' ');
  if (escapes) {
    const stop = text.indexOf('\\c');
    if (stop >= 0) {
      text = text.slice(0, stop);
      newline = false;
    }
    text = text.replace(/\\(0[0-7]{0,3}|.)/g, (m, c: string) => (c[0] === '0' ? String.fromCharCode(parseInt(c, 8) || 0) : (ECHO_ESCAPES[c] ?? m)));
  }
  write(ctx, text + (newline ? '\n' : ''));
  return 0;
};

const SLEEP_UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** busybox sleep: one or more durations, each a number with an optional s/m/h/d suffix, summed. */
export const sleep: Program = async (argv, ctx) => {
  if (argv.length < 2) {
    ctx.stderr('sleep: missing operand\n');
    return 1;
  }
  let seconds = 0;
  for (const a of argv.slice(1)) {
    if (a === 'infinity') {
      // coreutils sleep accepts "infinity": wait until the container is killed
      await ctx.sleep(Number.POSITIVE_INFINITY);
      return 0;
    }
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) {
      ctx.stderr(`sleep: invalid number '${a}'\n`);
      return 1;
    }
    seconds += Number(m[1]) * SLEEP_UNITS[m[2]];
  }
  await ctx.sleep(seconds * 1000);
  return 0;
};

function printAll(ctx: ContainerContext, env: Record<string, string>): void {
  write(ctx, Object.entries(env).map(([k, v]) => `${k}=${v}\n`).join(''));
}

/** printenv [NAME...]: exit 1 when a named variable is not set. */
export const printenv: Program = async (argv, ctx) => {
  if (argv.length === 1) {
    printAll(ctx, ctx.env);
    return 0;
  }
  let status = 0;
  for (const name of argv.slice(1)) {
    if (Object.prototype.hasOwnProperty.call(ctx.env, name)) write(ctx, ctx.env[name] + '\n');
    else status = 1;
  }
  return status;
};

export const hostname: Program = async (_argv, ctx) => {
  write(ctx, ctx.hostname + '\n');
  return 0;
};

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2, c = '0') => String(n).padStart(w, c);

/** strftime for the fields `date +FORMAT` is used with; containers run in UTC. */
export function strftime(d: Date, format: string): string {
  return format.replace(/%(.)/g, (m, f: string) => {
    switch (f) {
      case 'a': return DAYS[d.getUTCDay()];
      case 'b': return MONTHS[d.getUTCMonth()];
      case 'd': return pad(d.getUTCDate());
      case 'e': return pad(d.getUTCDate(), 2, ' ');
      case 'm': return pad(d.getUTCMonth() + 1);
      case 'Y': return String(d.getUTCFullYear());
      case 'H': return pad(d.getUTCHours());
      case 'M': return pad(d.getUTCMinutes());
      case 'S': return pad(d.getUTCSeconds());
      case 's': return String(Math.floor(d.getTime() / 1000));
      case 'N': return pad(d.getUTCMilliseconds() * 1_000_000, 9);
      case 'T': return strftime(d, '%H:%M:%S');
      case 'F': return strftime(d, '%Y-%m-%d');
      case 'Z': return 'UTC';
      case 'z': return '+0000';
      case 'n': return '\n';
      case '%': return '%';
      default: return m;
    }
  });
}

/** date [-u] [+FORMAT]: the default format is `%a %b %e %H:%M:%S %Z %Y`, as busybox and coreutils print it. */
export const date: Program = async (argv, ctx) => {
  let format = '%a %b %e %H:%M:%S %Z %Y';
  for (const a of argv.slice(1)) {
    if (a === '-u' || a === '--utc') continue;
    if (a.startsWith('+')) format = a.slice(1);
    else {
      ctx.stderr(`date: invalid date '${a}' (the kit's date takes -u and +FORMAT)\n`);
      return 1;
    }
  }
  write(ctx, strftime(ctx.now(), format) + '\n');
  return 0;
};

/** cat: the container's stdin is empty and it has no files of the learner's. */
export const cat: Program = async (argv, ctx) => {
  const files = argv.slice(1).filter((a) => a !== '-');
  for (const f of files) ctx.stderr(`cat: can't open '${f}': No such file or directory\n`);
  return files.length ? 1 : 0;
};

export const trueProgram: Program = async () => 0;
export const falseProgram: Program = async () => 1;

/** env [NAME=VALUE]... [COMMAND [ARG]...]: prints the environment, or runs COMMAND with additions. */
export function envProgram(lookup: (name: string) => Program | undefined): Program {
  return async (argv, ctx) => {
    const env = { ...ctx.env };
    let i = 1;
    for (; i < argv.length; i++) {
      const m = /^([^=]+)=(.*)$/s.exec(argv[i]);
      if (!m) break;
      env[m[1]] = m[2];
    }
    if (i === argv.length) {
      printAll(ctx, env);
      return 0;
    }
    const program = lookup(argv[i]);
    if (!program) {
      ctx.stderr(`env: can't execute '${argv[i]}': No such file or directory\n`);
      return 127;
    }
    return program(argv.slice(i), { ...ctx, env });
  };
}

/** The commands every image with a shell has; `lookup` finds the image's programs for `env CMD`. */
export function coreutils(lookup: (name: string) => Program | undefined): ProgramTable {
  return {
    echo, sleep, printenv, hostname, date, cat,
    true: trueProgram, false: falseProgram,
    env: envProgram(lookup),
  };
}
