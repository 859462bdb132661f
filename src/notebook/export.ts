import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../cli/errors';
import { requirePython } from '../jupyter/python';

/** Writes standalone HTML for executed notebooks with nbconvert; charts are inline SVG, so they travel. */
export function exportHtml(executed: string[], outDir: string): string[] {
  const python = requirePython(['nbconvert'], 'Exporting notebooks');
  fs.mkdirSync(outDir, { recursive: true });
  return executed.map((nb) => {
    const r = spawnSync(python, ['-m', 'nbconvert', '--to', 'html', '--output-dir', outDir, nb], { encoding: 'utf8' });
    if (r.status !== 0) throw new UserError(`nbconvert could not export ${nb}: ${(r.stderr || '').trim().split('\n').pop()}`);
    return path.join(outDir, path.basename(nb).replace(/\.ipynb$/, '.html'));
  });
}
