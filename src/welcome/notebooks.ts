import fs from 'node:fs';
import path from 'node:path';
import { kitRoot } from '../env/paths';

export interface NotebookEntry {
  file: string;
  title: string;
  /** The "Prerequisites" and "Time" lines each notebook states under its title. */
  prerequisites: string;
  minutes: string;
}

function field(text: string, name: string): string {
  const m = text.match(new RegExp(`\\*\\*${name}:?\\*\\*:?\\s*([^\\n]+)`, 'i'));
  return m ? m[1].trim() : '';
}

/** The kit's notebooks, read from notebooks/: file, title (first heading), prerequisites and time. */
export function notebookIndex(dir = path.join(kitRoot, 'notebooks')): NotebookEntry[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d\d-.*\.ipynb$/.test(f))
    .sort()
    .map((file) => {
      const nb = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      const md = nb.cells.filter((c: any) => c.cell_type === 'markdown').map((c: any) => (Array.isArray(c.source) ? c.source.join('') : c.source)).join('\n');
      const title = (md.match(/^#\s+(.+)$/m)?.[1] ?? file).trim();
      return { file, title, prerequisites: field(md, 'Prerequisites'), minutes: field(md, 'Time') };
    });
}
