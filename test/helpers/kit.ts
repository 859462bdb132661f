import { spawn, spawnSync, SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(__dirname, '..', '..');
export const kitBin = path.join(root, 'bin', 'kit.js');

/** A fresh KIT_HOME for one test file, removed by the caller's afterAll. */
export function tempHome(prefix = 'kit-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs the real `kit` command line, as a learner would, and returns what it printed. */
export function kit(args: string[], env: NodeJS.ProcessEnv = {}, cwd = root): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [kitBin, ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 300_000 });
}

/** Starts `kit …` in the background and resolves once its output matches `ready`. */
export function kitBackground(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 120_000) {
  const child = spawn(process.execPath, [kitBin, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const started = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${ready}; output so far:\n${out}`)), timeoutMs);
    const check = () => {
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kit ${args.join(' ')} exited (${code}) before ready:\n${out}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { child, started, exited, output: () => out };
}
