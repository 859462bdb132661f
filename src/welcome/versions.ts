import { kitVersion } from '../env/paths';

/** Versions of what runs this notebook: the kit, Node, and (inside the kernel) tslab and its TypeScript. */
export function versions(): Record<string, string> {
  let tslab = 'not loaded';
  let typescript = 'not loaded';
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const v = require('tslab').versions as { tslab: string; typescript: string };
    tslab = v.tslab;
    typescript = v.typescript;
  } catch {
    /* outside the kernel */
  }
  return { 'cloud-study-kit': kitVersion(), node: process.versions.node, tslab, 'TypeScript (kernel)': typescript };
}
