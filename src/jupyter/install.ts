import { spawnSync } from 'node:child_process';
import { UserError } from '../cli/errors';
import { findPython, installHint, jupyterDebs, resetPythonCache } from './python';

export type JupyterFlavour = { app: 'jupyterlab' | 'notebook'; python: string; version: string };

function moduleVersion(python: string, mod: string): string | undefined {
  const r = spawnSync(python, ['-c', `import ${mod}; print(${mod}.__version__)`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** JupyterLab when it is installed, else classic Notebook; undefined when neither is. */
export function detectJupyter(): JupyterFlavour | undefined {
  for (const app of ['jupyterlab', 'notebook'] as const) {
    const python = findPython([app, 'ipykernel']);
    if (python) return { app, python, version: moduleVersion(python, app) ?? '?' };
  }
  return undefined;
}

export function canApt(): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Finds Jupyter, installing Debian's packages first when it is missing and this is a root shell on
 * Debian/Ubuntu (a container or a CI machine). Anywhere else it stops with the exact command to run.
 */
export function ensureJupyter(log: (l: string) => void = console.log): JupyterFlavour {
  const found = detectJupyter();
  if (found && findPython(['nbclient', 'nbconvert'])) return found;
  if (!canApt()) throw new UserError('Jupyter is not installed (the kit needs JupyterLab or Notebook, nbclient and nbconvert)', { hint: installHint });
  log(`Jupyter is missing: installing Debian's ${jupyterDebs.join(', ')} with apt-get (once)…`);
  aptInstall(jupyterDebs, installHint);
  resetPythonCache();
  const after = detectJupyter();
  if (!after) throw new UserError('Jupyter is still not importable after apt-get install', { hint: installHint });
  return after;
}

/** apt-get update + install, as root on Debian/Ubuntu; a user error naming the fix if it fails. */
export function aptInstall(debs: string[], hint: string): void {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...debs]]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (r.status !== 0) throw new UserError(`apt-get ${args[0]} failed (exit ${r.status})`, { hint });
  }
}
