import { spawnSync } from 'node:child_process';
import { UserError } from '../cli/errors';

/** The Debian packages that give a real Jupyter on Debian/Ubuntu (JupyterLab users already have one). */
export const jupyterDebs = ['jupyter-notebook', 'jupyter-nbconvert', 'python3-nbclient', 'python3-ipykernel'];

export const installHint =
  `Install Jupyter: on Debian/Ubuntu run \`sudo apt-get install -y ${jupyterDebs.join(' ')}\`; ` +
  'elsewhere `pip install jupyterlab nbclient nbconvert`. Then run the command again (or set KIT_PYTHON to a Python that has them).';

function hasModules(python: string, modules: string[]): boolean {
  const r = spawnSync(python, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' });
  return r.status === 0;
}

const cache = new Map<string, string | undefined>();

/**
 * A Python that can import `modules`. Debian's Jupyter lives in /usr/bin/python3, which a pyenv
 * or venv `python3` earlier on PATH would hide, so both are tried (KIT_PYTHON first).
 */
export function findPython(modules: string[]): string | undefined {
  const key = modules.join(',');
  if (cache.has(key)) return cache.get(key);
  const candidates = [process.env.KIT_PYTHON, 'python3', '/usr/bin/python3', 'python'].filter((p): p is string => !!p);
  const found = candidates.find((p) => hasModules(p, modules));
  cache.set(key, found);
  return found;
}

export function requirePython(modules: string[], what: string): string {
  const py = findPython(modules);
  if (!py) throw new UserError(`${what} needs Jupyter's Python packages (${modules.join(', ')}), and no Python here has them.`, { hint: installHint });
  return py;
}

/** Forget what was found (after an install). */
export function resetPythonCache(): void {
  cache.clear();
}
