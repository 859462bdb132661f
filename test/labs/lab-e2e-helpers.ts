import fs from 'node:fs';
import path from 'node:path';
import { execFile, execFileSync } from 'node:child_process';
import { kitBin, root, tempHome } from '../helpers/kit';
import type { TestCluster } from '../cluster/e2e-helpers';
import { renderTable } from '../../src/display/table';

/** The learner's environment for a lab: KIT_HOME of the test cluster, no KUBECONFIG of our own. */
export function labEnv(t: Pick<TestCluster, 'home'>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KIT_HOME: t.home };
  delete env.KUBECONFIG;
  delete env.KIT_ALLOW_REAL_CLUSTER;
  return env;
}

// The compiled CLI, called directly: bin/kit.js would rebuild dist/ whenever any src/ file is
// newer (other work in the checkout), which costs seconds per call. The test builds once first.
const mainJs = path.join(root, 'dist', 'cli', 'main.js');
const runMain = `require(${JSON.stringify(mainJs)}).run(['node', 'kit', ...process.argv.slice(1)])`;

/** Builds dist/ once if src/ changed (call in beforeAll). */
export function buildOnce(): void {
  execFileSync(process.execPath, [kitBin, 'build', '--if-stale'], { cwd: root, stdio: 'ignore' });
}

/** The real `kit` command, asynchronously: the cluster answering it lives in this process. */
export function kitAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['-e', runMain, ...args], { cwd: root, env, timeout: 180_000 }, (err, stdout, stderr) =>
      resolve({ stdout, stderr, code: err ? ((err as { code?: number }).code ?? 1) : 0 }),
    );
  });
}

/** `kit lab …` as the learner types it; stdout+stderr and the exit code. */
export async function kitLab(t: Pick<TestCluster, 'home'>, args: string[]): Promise<{ out: string; code: number }> {
  const r = await kitAsync(['lab', ...args], labEnv(t));
  return { out: `${r.stdout}${r.stderr}`, code: r.code };
}

/**
 * The environment shell blocks run in: KUBECONFIG at the test cluster (as the text tells the
 * learner to export), and `npx kit` resolving to this checkout even from a temp workspace.
 */
export function harnessEnv(t: Pick<TestCluster, 'home'> & { kubeconfig?: string }, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const bin = tempHome('kit-shim-');
  const realNpx = execFileSync('bash', ['-c', 'command -v npx'], { encoding: 'utf8' }).trim();
  // A script file, not -e: runMain's quotes cannot sit inside the shell's single quotes.
  fs.writeFileSync(path.join(bin, 'kit.js'), `require(${JSON.stringify(mainJs)}).run(['node', 'kit', ...process.argv.slice(2)]);\n`);
  fs.writeFileSync(path.join(bin, 'npx'), `#!/bin/sh\nif [ "$1" = kit ]; then shift; exec "${process.execPath}" "${path.join(bin, 'kit.js')}" "$@"; fi\nexec "${realNpx}" "$@"\n`, { mode: 0o755 });
  return { ...labEnv(t), ...(t.kubeconfig ? { KUBECONFIG: t.kubeconfig } : {}), ...extra, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
}

/**
 * Machine time of a lab's harness run, by phase. CI cannot measure the learner's `minutes`
 * (reading, typing, thinking); it can catch a lab whose own commands became slow.
 */
export const LabMachineBudgetMs = 60_000;

export interface LabTiming {
  lab: string;
  start: number;
  blocks: number;
  solve: number;
  check: number;
  total: number;
}

/** Times phases of one lab run: `await timer.phase('blocks', () => …)`. */
export function labTimer(lab: string): { phase<T>(name: Exclude<keyof LabTiming, 'lab' | 'total'>, f: () => Promise<T>): Promise<T>; done(): LabTiming } {
  const t: LabTiming = { lab, start: 0, blocks: 0, solve: 0, check: 0, total: 0 };
  return {
    async phase(name, f) {
      const at = performance.now();
      try {
        return await f();
      } finally {
        t[name] += performance.now() - at;
      }
    },
    done() {
      t.total = t.start + t.blocks + t.solve + t.check;
      return t;
    },
  };
}

/** The per-lab table printed at the end of the lab e2e run (seconds, one decimal). */
export function timingTable(rows: LabTiming[]): string {
  const s = (ms: number) => (ms / 1000).toFixed(1);
  return renderTable(
    rows.map((r) => ({ lab: r.lab, start: s(r.start), 'text blocks': s(r.blocks), solve: s(r.solve), 'check until ✓': s(r.check), total: s(r.total), budget: s(LabMachineBudgetMs) })),
    { caption: 'lab machine time (s): the harness run, not the learner minutes in index.json' },
  ).text;
}
