import { ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { UserError } from '../cli/errors';
import type { JupyterFlavour } from './install';

export interface JupyterServer {
  flavour: JupyterFlavour;
  port: number;
  token: string;
  /** The tokenised URL of the notebook list (classic) or the Lab UI. */
  url: string;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

export function portFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

/** The requested port, or (when none was requested) the first free one from 8888 up. */
export async function choosePort(requested?: number): Promise<number> {
  if (requested !== undefined) {
    if (!(await portFree(requested))) {
      throw new UserError(`port ${requested} is already in use`, { hint: `Pick another with --port, or find the process with \`ss -ltnp 'sport = :${requested}'\`.` });
    }
    return requested;
  }
  for (let p = 8888; p < 8988; p++) if (await portFree(p)) return p;
  throw new UserError('no free port between 8888 and 8987 for Jupyter', { hint: 'Pass --port with a free port.' });
}

export function hasDisplay(): boolean {
  if (process.platform !== 'linux') return true;
  return !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

async function waitReady(url: string, child: ChildProcess, logFile: string, seconds = 90): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const tail = fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n');
      throw new UserError(`Jupyter exited during start (code ${child.exitCode}). Its last lines:\n${tail}\n`, { hint: `Full log: ${logFile}` });
    }
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new UserError(`Jupyter did not answer within ${seconds} s`, { hint: `See its log: ${logFile}` });
}

/** Starts JupyterLab or classic Notebook on `dir`, bound to 127.0.0.1 with a fresh token. */
export async function startJupyter(flavour: JupyterFlavour, opts: { dir: string; port?: number; logDir: string; openBrowser?: boolean }): Promise<JupyterServer> {
  const port = await choosePort(opts.port);
  const token = crypto.randomBytes(24).toString('hex');
  const cfg = flavour.app === 'jupyterlab' ? 'ServerApp' : 'NotebookApp';
  const args = ['-m', flavour.app, `--port=${port}`, '--ip=127.0.0.1', `--${cfg}.token=${token}`, `--${cfg}.port_retries=0`];
  args.push(flavour.app === 'jupyterlab' ? `--ServerApp.root_dir=${opts.dir}` : `--notebook-dir=${opts.dir}`);
  if (!(opts.openBrowser ?? hasDisplay())) args.push('--no-browser');
  if (process.getuid?.() === 0) args.push('--allow-root');
  fs.mkdirSync(opts.logDir, { recursive: true });
  const logFile = path.join(opts.logDir, 'jupyter.log');
  const log = fs.openSync(logFile, 'w');
  // Its own process group, so stopping it also stops the kernels it started.
  const child = spawn(flavour.python, args, { cwd: opts.dir, stdio: ['ignore', log, log], detached: true, env: process.env });
  fs.closeSync(log);
  const base = `http://127.0.0.1:${port}`;
  await waitReady(`${base}/api/status?token=${token}`, child, logFile);
  const url = `${base}/${flavour.app === 'jupyterlab' ? 'lab' : 'tree'}?token=${token}`;
  const stop = () => stopGroup(child);
  return { flavour, port, token, url, child, logFile, stop };
}

/** SIGTERM to the process group, then SIGKILL if it lingers; resolves when it has exited. */
export function stopGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}
