import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { kitHome, kitRoot } from '../env/paths';
import { installKernel, kernelName } from '../jupyter/kernel';
import { requirePython } from '../jupyter/python';
import { findNotebooks, readNotebook } from './files';

export interface CellReport {
  n: number;
  index: number;
  ok: boolean;
  seconds: number;
  source: string;
  stderr: string;
  errors: Array<{ ename: string; evalue: string; traceback: string[] }>;
}

export interface NotebookReport {
  notebook: string;
  executed: string;
  ok: boolean;
  cells: number;
  ran: number;
  seconds: number;
  failed?: CellReport;
}

export interface RunOptions {
  /** Where executed copies go (never over the sources). */
  outDir?: string;
  /** Seconds one cell may take. */
  cellTimeout?: number;
  /** Called with each line of progress. */
  log?: (line: string) => void;
}

export function defaultScratch(): string {
  return path.join(kitHome(), 'executed');
}

const nbrun = path.join(kitRoot, 'src', 'notebook', 'nbrun.py');

function firstLine(source: string): string {
  const line = source.split('\n').find((l) => l.trim() && !l.trim().startsWith('//')) ?? '';
  return line.length > 60 ? line.slice(0, 57) + '…' : line;
}

/** Executes one notebook headless through nbclient and the kit's kernel. */
export async function runNotebook(file: string, opts: RunOptions = {}): Promise<NotebookReport> {
  const log = opts.log ?? (() => {});
  const python = requirePython(['nbclient', 'nbformat', 'ipykernel'], 'Running notebooks');
  readNotebook(file); // a clear error before a kernel starts
  installKernel();
  const outDir = path.resolve(opts.outDir ?? defaultScratch());
  fs.mkdirSync(outDir, { recursive: true });
  const executed = path.join(outDir, path.basename(file));
  if (path.resolve(executed) === path.resolve(file)) throw new Error('refusing to write executed output over the source notebook');
  const started = Date.now();
  const child = spawn(python, [nbrun, file, executed, kernelName, String(opts.cellTimeout ?? 300), path.dirname(path.resolve(file))], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
  });
  let total = 0;
  let ran = 0;
  let failed: CellReport | undefined;
  let ended = false;
  let pyErr = '';
  child.stderr.on('data', (d) => (pyErr += d));
  for await (const line of readline.createInterface({ input: child.stdout })) {
    let ev: any;
    try {
      ev = JSON.parse(line);
    } catch {
      continue;
    }
    if (ev.event === 'start') total = ev.cells;
    if (ev.event === 'cell') {
      ran = ev.n;
      log(`  ${ev.ok ? '✓' : '✗'} [${ev.n}/${total}] ${ev.seconds.toFixed(1).padStart(5)} s  ${firstLine(ev.source)}`);
      if (!ev.ok) failed = ev as CellReport;
    }
    if (ev.event === 'end') ended = true;
  }
  const code: number = await new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('close', (c) => resolve(c ?? 1))));
  if (!ended && !failed) {
    // nbclient itself failed (no kernel, bad JSON it could not read): show its last words.
    const lastLine = pyErr.trim().split('\n').pop() ?? `exit code ${code}`;
    failed = { n: ran + 1, index: -1, ok: false, seconds: 0, source: '', stderr: '', errors: [{ ename: 'KernelError', evalue: lastLine, traceback: [] }] };
  }
  return { notebook: file, executed, ok: !failed, cells: total, ran, seconds: (Date.now() - started) / 1000, failed };
}

/** The report for a failed cell: its number, its source and what it printed on stderr. */
export function describeFailure(r: NotebookReport): string {
  const f = r.failed;
  if (!f) return '';
  const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
  const parts = [`${r.notebook}: cell ${f.n}${f.index >= 0 ? ` (notebook cell #${f.index + 1})` : ''} failed`];
  if (f.source) parts.push('--- source ---', f.source.trimEnd());
  if (f.stderr) parts.push('--- stderr ---', strip(f.stderr).trimEnd());
  for (const e of f.errors) parts.push(`--- error: ${e.ename}: ${strip(e.evalue)} ---`, ...e.traceback.map(strip));
  return parts.join('\n');
}

/** Runs every notebook named by `targets`; returns one report each. */
export async function runNotebooks(targets: string[], opts: RunOptions = {}): Promise<NotebookReport[]> {
  const files = findNotebooks(targets);
  const reports: NotebookReport[] = [];
  for (const f of files) {
    opts.log?.(`▶ ${f}`);
    reports.push(await runNotebook(f, opts));
  }
  return reports;
}
