import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

/** Runs `kit <args>` in a pseudo-terminal (util-linux `script`), so raw-mode keypresses work as in a real terminal. */
export class PtySession {
  readonly child: ChildProcess;
  private out = '';
  private exited?: Promise<number | null>;

  constructor(args: string, env: Record<string, string>) {
    // `exec` makes node the direct child of script, so a test can SIGKILL it.
    this.child = spawn('script', ['-qfec', `exec node bin/kit.js ${args}`, '/dev/null'], { cwd: ROOT, env: { ...process.env, ...env, COLUMNS: '120', LINES: '50' }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d) => (this.out += d.toString()));
    this.child.stderr!.on('data', (d) => (this.out += d.toString()));
    this.exited = new Promise((r) => this.child.on('exit', (code) => r(code)));
  }

  get text(): string {
    return strip(this.out);
  }

  /** Everything printed since the last screen clear. */
  get screen(): string {
    const i = this.out.lastIndexOf('\x1b[2J');
    return strip(i < 0 ? this.out : this.out.slice(i));
  }

  async waitFor(what: string | RegExp, timeoutMs = 15_000): Promise<void> {
    const t0 = Date.now();
    const hit = () => (typeof what === 'string' ? this.text.includes(what) : what.test(this.text));
    while (!hit()) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}; output so far:\n${this.text.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Sends keys, then waits a little so each key is a separate keypress. */
  async send(keys: string): Promise<void> {
    this.child.stdin!.write(keys);
    await new Promise((r) => setTimeout(r, 150));
  }

  /** The pid of node inside the pty. */
  nodePid(): number {
    return Number(execFileSync('ps', ['-o', 'pid=', '--ppid', String(this.child.pid)]).toString().trim().split(/\s+/)[0]);
  }

  exit(): Promise<number | null> {
    return this.exited!;
  }
}

export const KEYS = { up: '\x1b[A', down: '\x1b[B', right: '\x1b[C', left: '\x1b[D', enter: '\r', space: ' ', ctrlC: '\x03' };
