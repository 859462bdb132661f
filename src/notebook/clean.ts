import fs from 'node:fs';
import { kernelDisplayName, kernelName } from '../jupyter/kernel';
import { formatNotebook, NotebookJson, readNotebook } from './files';

/**
 * Strips what executing a notebook adds (outputs, execution counts, volatile metadata), as
 * nbdev's clean does, and pins the kit's kernel. The committed notebook is then the same
 * whoever ran it last.
 */
export function cleanNotebook(nb: NotebookJson): NotebookJson {
  const cells = nb.cells.map((c) => {
    const { outputs: _o, execution_count: _e, metadata: _m, ...rest } = c;
    const metadata: Record<string, unknown> = {};
    if (c.metadata?.tags) metadata.tags = c.metadata.tags; // tags steer execution; keep them
    return c.cell_type === 'code' ? { ...rest, metadata, outputs: [], execution_count: null } : { ...rest, metadata };
  });
  return {
    ...nb,
    cells,
    metadata: {
      kernelspec: { name: kernelName, display_name: kernelDisplayName, language: 'typescript' },
      language_info: { name: 'typescript' },
    },
  };
}

/** Cleans files in place; returns those that changed (with `check`, changes nothing). */
export function cleanFiles(files: string[], check = false): string[] {
  const changed: string[] = [];
  for (const f of files) {
    const before = fs.readFileSync(f, 'utf8');
    const after = formatNotebook(cleanNotebook(readNotebook(f)));
    if (after !== before) {
      changed.push(f);
      if (!check) fs.writeFileSync(f, after);
    }
  }
  return changed;
}
