import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kitRoot } from '../env/paths';

/** The kernel every notebook's metadata names. */
export const kernelName = 'cloud-study-kit';
export const kernelDisplayName = 'TypeScript (cloud-study-kit)';

/** Jupyter's per-user data dir (jupyter_core.paths.jupyter_data_dir), where user kernelspecs go. */
export function jupyterDataDir(): string {
  if (process.env.JUPYTER_DATA_DIR) return path.resolve(process.env.JUPYTER_DATA_DIR);
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Jupyter');
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? os.homedir(), 'jupyter');
  return path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'jupyter');
}

export function kernelSpecDir(): string {
  return path.join(jupyterDataDir(), 'kernels', kernelName);
}

/**
 * The kernelspec: tslab from this checkout's node_modules, started by the Node that runs the kit,
 * so a notebook sees the same library build and the same Node version as `kit` itself.
 */
export function kernelSpec(): object {
  const tslab = path.join(kitRoot, 'node_modules', 'tslab', 'bin', 'tslab');
  return {
    argv: [process.execPath, tslab, 'kernel', '--config-path', '{connection_file}'],
    display_name: kernelDisplayName,
    language: 'typescript',
    metadata: { kit_root: kitRoot },
  };
}

/** Writes the kernelspec if it is missing or points elsewhere. Returns the kernel.json path and whether it changed. */
export function installKernel(): { file: string; changed: boolean } {
  const dir = kernelSpecDir();
  const file = path.join(dir, 'kernel.json');
  const text = JSON.stringify(kernelSpec(), null, 1) + '\n';
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (current === text) return { file, changed: false };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file + '.tmp', text);
  fs.renameSync(file + '.tmp', file);
  return { file, changed: true };
}

export function kernelInstalled(): boolean {
  const file = path.join(kernelSpecDir(), 'kernel.json');
  return fs.existsSync(file) && fs.readFileSync(file, 'utf8') === JSON.stringify(kernelSpec(), null, 1) + '\n';
}
