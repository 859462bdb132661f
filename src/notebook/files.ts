import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../cli/errors';

export interface NotebookJson {
  cells: Array<{ cell_type: string; source: string | string[]; outputs?: unknown[]; execution_count?: number | null; metadata?: Record<string, unknown>; id?: string }>;
  metadata: Record<string, any>;
  nbformat: number;
  nbformat_minor: number;
}

/** The notebooks named by `targets` (files or folders), sorted; a clear error for anything else. */
export function findNotebooks(targets: string[]): string[] {
  const found: string[] = [];
  for (const t of targets) {
    if (!fs.existsSync(t)) throw new UserError(`no such notebook or folder: ${t}`, { hint: 'Check the path; `ls notebooks/` lists the kit\'s notebooks.' });
    if (fs.statSync(t).isDirectory()) {
      found.push(...fs.readdirSync(t).filter((f) => f.endsWith('.ipynb')).sort().map((f) => path.join(t, f)));
    } else if (t.endsWith('.ipynb')) {
      found.push(t);
    } else {
      throw new UserError(`not a notebook: ${t}`, { hint: 'Pass a .ipynb file or a folder of them.' });
    }
  }
  if (found.length === 0) throw new UserError(`no notebooks in ${targets.join(', ')}`);
  return found;
}

/** Reads and checks a notebook's JSON; a corrupt file is a user error naming the file. */
export function readNotebook(file: string): NotebookJson {
  let nb: NotebookJson;
  try {
    nb = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`${file} is not a valid notebook: ${(e as Error).message}`, { hint: 'Restore it with `git checkout -- ' + file + '` or open and re-save it in Jupyter.' });
  }
  if (!nb || !Array.isArray(nb.cells) || typeof nb.nbformat !== 'number') {
    throw new UserError(`${file} is not a valid notebook: it has no "cells" list or "nbformat" number`, { hint: 'Restore it with `git checkout -- ' + file + '`.' });
  }
  return nb;
}

/** Jupyter's own layout (nbformat: one-space indent, sorted keys), so a clean round-trip is byte-stable. */
export function formatNotebook(nb: NotebookJson): string {
  return JSON.stringify(sortKeys(nb), null, 1) + '\n';
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}
