import type { Command } from 'commander';
import { renderReadiness } from '../../env/report';
import { readiness } from '../../env/check';
import { alive, runningInstance } from '../../start/instance';
import { kitStart } from '../../start/start';
import { findChromium } from '../../jupyter/chromium';
import { aptInstall, canApt, ensureJupyter } from '../../jupyter/install';
import { installKernel } from '../../jupyter/kernel';
import { UserError } from '../errors';

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UserError(`--port takes a port number (1-65535), not "${v}"`);
  return n;
}

function parsePositive(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new UserError(`${name} takes a positive number, not "${v}"`);
    return n;
  };
}

function parsePortOrZero(v: string): number {
  return v === '0' ? 0 : parsePort(v);
}

/** What `kit start`'s flags tell the embedded services; unset flags keep each service's default. */
export function serviceOptions(opts: { speed?: number; nodes?: number; clusterPort?: number; sqsPort?: number }): Record<string, unknown> {
  const o: Record<string, unknown> = { speed: opts.speed, nodes: opts.nodes, clusterPort: opts.clusterPort, sqsPort: opts.sqsPort };
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export function register(prog: Command): void {
  prog.command('start')
    .description('start the embedded services and Jupyter (JupyterLab if installed, else Notebook) on notebooks/')
    .option('-p, --port <port>', 'Jupyter port (default: the first free one from 8888)', parsePort)
    .option('--no-browser', 'do not open a browser (the default when there is no display)')
    .option('--no-jupyter', 'start the embedded services only')
    .option('--speed <n>', 'virtual clock speed of the embedded cluster (1 = real time)', parsePositive('--speed'))
    .option('--nodes <n>', 'number of simulated nodes in the embedded cluster', parsePositive('--nodes'))
    .option('--cluster-port <port>', 'embedded cluster API port (default 6443, or a free one; 0 = any free port)', parsePortOrZero)
    .option('--sqs-port <port>', 'embedded SQS endpoint port (default 4566; 0 = any free port)', parsePortOrZero)
    .action(async (opts: { port?: number; browser: boolean; jupyter: boolean; speed?: number; nodes?: number; clusterPort?: number; sqsPort?: number }) => {
      const r = await kitStart({
        port: opts.port,
        browser: opts.browser === false ? false : undefined,
        jupyter: opts.jupyter,
        serviceOptions: serviceOptions(opts),
      });
      if ('alreadyRunning' in r) {
        const i = r.alreadyRunning;
        console.log(`kit start is already running (pid ${i.pid}, since ${i.startedAt}).` + (i.jupyter ? `\n  Jupyter: ${i.jupyter.url}` : '') + '\nStop it with `npx kit stop` before starting another.');
        return;
      }
      await r.done;
    });

  prog.command('stop')
    .description('stop what `kit start` started (services, Jupyter and its kernels)')
    .action(async () => {
      const i = runningInstance();
      if (!i) {
        console.log('kit start is not running.');
        return;
      }
      process.kill(i.pid, 'SIGTERM');
      const deadline = Date.now() + 20_000;
      while (alive(i.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      if (alive(i.pid)) throw new UserError(`kit start (pid ${i.pid}) did not stop within 20 s`, { hint: `Stop it by force: kill -9 ${i.pid}` });
      console.log(`stopped kit start (pid ${i.pid}).`);
    });

  prog.command('setup')
    .description('get this machine ready: Jupyter (installed with apt-get when root on Debian/Ubuntu) and the kit\'s kernel; with --test also Chromium for the browser tests')
    .option('--test', 'also what `npm test` needs (Chromium)')
    .action((opts: { test?: boolean }) => {
      const j = ensureJupyter();
      const kernel = installKernel();
      console.log(`Jupyter: ${j.app} ${j.version}; kernel: ${kernel.file}`);
      if (opts.test && !findChromium()) {
        const hint = 'Install Chromium (Debian/Ubuntu: `sudo apt-get install -y chromium`); the browser tests drive it with playwright-core.';
        if (!canApt()) throw new UserError('Chromium is not installed', { hint });
        console.log('Chromium is missing: installing Debian\'s chromium with apt-get (once)…');
        aptInstall(['chromium'], hint);
      }
      if (opts.test) console.log(`Chromium: ${findChromium()}`);
    });

  prog.command('doctor')
    .description('check what is ready (Node, Jupyter, kernel, embedded services, KUBECONFIG, AWS) and how to fix what is not')
    .action(() => {
      const checks = readiness();
      console.log(renderReadiness(checks).text);
      if (checks.some((c) => c.status === 'missing')) process.exitCode = 1;
    });
}
