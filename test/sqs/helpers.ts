import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(__dirname, '..', '..');

export function tempDir(prefix = 'kit-sqs-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `kit` command asynchronously: the endpoint under test runs in this process, so a
 * blocking spawnSync would stall it.
 */
export function kitAsync(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'kit.js'), ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(input ?? '');
    child.on('close', (code) => resolve({ code, stdout, stderr: stderr.replace(/^kit: building the library.*\n/m, '') }));
  });
}
