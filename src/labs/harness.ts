/**
 * Runs a lab text's shell blocks as written, in order, with bash (errexit, pipefail) and the
 * real kubectl pointed at the cluster by KUBECONFIG — what the learner reads is what is tested.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ShellBlock } from './markdown';

export interface BlockRun {
  block: ShellBlock;
  skipped: boolean;
  code: number | null;
  output: string;
}

export interface HarnessOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Where the blocks come from, for messages ("01-fix-broken-job/step1.md"). */
  file: string;
  /** Runs a named hook after its block (hook=<name>); throws or returns a failure reason. */
  hook?: (name: string, run: BlockRun) => Promise<string | undefined>;
  /** The step's solution files (absolute paths); `edit=solution` copies them into cwd, by file name. */
  solution?: string[];
  /** Called before each block runs (progress). */
  onBlock?: (block: ShellBlock) => void;
}

/** A block that did not do what the text promised; the message quotes the block and its output. */
export class BlockFailure extends Error {
  constructor(readonly file: string, readonly run: BlockRun, why: string) {
    super(`${file}:${run.block.line}: ${why}\n--- block ---\n${run.block.text}\n--- output ---\n${run.output.trimEnd() || '(none)'}`);
    this.name = 'BlockFailure';
  }
}

function exec(text: string, cwd: string, env: NodeJS.ProcessEnv, timeoutS: number): Promise<{ code: number | null; output: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', text], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL'); // the whole group: kubectl -w must not outlive its block
      } catch {
        /* already gone */
      }
    }, timeoutS * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}

/** Runs the blocks in order; stops at the first that fails (or that succeeds when expectError=true). */
export async function runBlocks(blocks: ShellBlock[], o: HarnessOptions): Promise<BlockRun[]> {
  const runs: BlockRun[] = [];
  for (const block of blocks) {
    if (!block.test) {
      runs.push({ block, skipped: true, code: null, output: '' });
      continue;
    }
    o.onBlock?.(block);
    if (block.edit) {
      if (!o.solution?.length) throw new BlockFailure(o.file, { block, skipped: false, code: null, output: '' }, 'edit=solution but the step has no solution files');
      // The learner's edit, made with the solution (`kit lab solve` applies the same files).
      for (const f of o.solution) fs.copyFileSync(f, path.join(o.cwd, path.basename(f)));
    }
    const r = await exec(block.text, o.cwd, { ...process.env, ...o.env }, block.timeout);
    const run: BlockRun = { block, skipped: false, code: r.code, output: r.output };
    runs.push(run);
    if (r.timedOut) throw new BlockFailure(o.file, run, `timed out after ${block.timeout}s`);
    if (block.expectError && r.code === 0) throw new BlockFailure(o.file, run, 'was expected to fail (expectError=true) but exited 0');
    if (!block.expectError && r.code !== 0) throw new BlockFailure(o.file, run, `exited ${r.code}`);
    if (block.hook) {
      if (!o.hook) throw new BlockFailure(o.file, run, `hook=${block.hook} but no hooks were given`);
      const why = await o.hook(block.hook, run);
      if (why) throw new BlockFailure(o.file, run, `hook ${block.hook} failed: ${why}`);
    }
    if (block.wait > 0) await new Promise((res) => setTimeout(res, block.wait * 1000));
  }
  return runs;
}
