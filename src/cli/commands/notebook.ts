import path from 'node:path';
import type { Command } from 'commander';
import { renderTable } from '../../display/table';
import { installKernel } from '../../jupyter/kernel';
import { cleanFiles, defaultScratch, describeFailure, exportHtml, findNotebooks, runNotebooks } from '../../notebook';
import { runningInstance } from '../../start/instance';
import { kitStart } from '../../start/start';
import { UserError } from '../errors';

function parseSeconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`--timeout takes a number of seconds, not "${v}"`);
  return n;
}

/**
 * Notebooks talk to the embedded services. When `kit start` is not running, the run starts them
 * itself (without Jupyter) and stops them afterwards, so a headless run needs nothing else.
 */
async function withServices<T>(wanted: boolean, fn: () => Promise<T>): Promise<T> {
  if (!wanted || runningInstance()) return fn();
  const started = await kitStart({ jupyter: false, serviceOptions: { clusterPort: 0, sqsPort: 0 }, log: (l) => console.log(l.replace(/^Stop: .*$/m, '')) });
  if ('alreadyRunning' in started) return fn();
  try {
    return await fn();
  } finally {
    await started.stop();
  }
}

async function runAndReport(targets: string[], opts: { out?: string; timeout?: number; services?: boolean }) {
  const reports = await withServices(opts.services !== false, () => runNotebooks(targets, { outDir: opts.out, cellTimeout: opts.timeout, log: (l) => console.log(l) }));
  console.log(
    '\n' +
      renderTable(
        reports.map((r) => ({ notebook: path.basename(r.notebook), cells: `${r.ran}/${r.cells}`, seconds: Number(r.seconds.toFixed(1)), result: r.ok ? 'ok' : 'FAILED' })),
        { caption: 'Notebook run summary' },
      ).text,
  );
  for (const r of reports.filter((r) => !r.ok)) console.error('\n' + describeFailure(r));
  console.log(`\nExecuted copies: ${path.dirname(reports[0].executed)}`);
  return reports;
}

export function register(prog: Command): void {
  const nb = prog.command('notebook').description('run, clean and export the kit\'s notebooks');

  nb.command('run')
    .description('execute notebooks headless through the kit\'s Jupyter kernel; fails on any error or stderr output')
    .argument('<targets...>', 'notebook files or folders of notebooks')
    .option('-o, --out <dir>', 'where executed copies go (never over the sources)', defaultScratch())
    .option('-t, --timeout <seconds>', 'seconds one cell may take', parseSeconds, 300)
    .option('--no-services', 'do not start the embedded services when `kit start` is not running')
    .action(async (targets: string[], opts: { out: string; timeout: number; services: boolean }) => {
      const reports = await runAndReport(targets, opts);
      if (reports.some((r) => !r.ok)) process.exitCode = 1;
    });

  nb.command('clean')
    .description('strip outputs and volatile metadata, and pin the kit\'s kernel (as committed)')
    .argument('[targets...]', 'notebook files or folders', ['notebooks'])
    .option('--check', 'change nothing; exit 1 if any notebook is not clean (for CI)')
    .action((targets: string[], opts: { check?: boolean }) => {
      const changed = cleanFiles(findNotebooks(targets), opts.check);
      if (opts.check && changed.length) {
        console.error(`kit: ${changed.length} notebook(s) are not clean: ${changed.join(', ')}\n     Run \`npx kit notebook clean\` and commit the result.`);
        process.exitCode = 1;
      } else {
        console.log(changed.length ? `cleaned ${changed.join(', ')}` : 'all notebooks are clean');
      }
    });

  nb.command('export')
    .description('execute notebooks and write them as standalone HTML (charts included)')
    .argument('<targets...>', 'notebook files or folders of notebooks')
    .option('-o, --out <dir>', 'where the HTML files go', 'exported')
    .option('-t, --timeout <seconds>', 'seconds one cell may take', parseSeconds, 300)
    .option('--no-services', 'do not start the embedded services when `kit start` is not running')
    .action(async (targets: string[], opts: { out: string; timeout: number; services: boolean }) => {
      const reports = await runAndReport(targets, { timeout: opts.timeout, services: opts.services });
      if (reports.some((r) => !r.ok)) {
        process.exitCode = 1;
        return;
      }
      for (const f of exportHtml(reports.map((r) => r.executed), path.resolve(opts.out))) console.log(`wrote ${f}`);
    });

  prog.command('kernel')
    .description('register the kit\'s TypeScript kernel (tslab) with Jupyter')
    .action(() => {
      const { file, changed } = installKernel();
      console.log(`${changed ? 'registered' : 'already registered'}: ${file}`);
    });
}
