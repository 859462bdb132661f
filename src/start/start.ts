import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../cli/errors';
import { kitHome, kitRoot } from '../env/paths';
import { ensureJupyter } from '../jupyter/install';
import { installKernel, kernelDisplayName } from '../jupyter/kernel';
import { JupyterServer, startJupyter } from '../jupyter/server';
import { embeddedServices } from '../services/registry';
import type { RunningService } from '../services/service';
import { clearInstance, InstanceInfo, recordInstance, runningInstance } from './instance';
import { statusBlock } from './status';

export interface KitStartOptions {
  port?: number;
  /** Open a browser (default: only when there is a display). */
  browser?: boolean;
  /** Start Jupyter (default true); false runs the embedded services only. */
  jupyter?: boolean;
  /** Extra options handed to every embedded service (speed, nodes, …). */
  serviceOptions?: Record<string, unknown>;
  log?: (line: string) => void;
}

function checkWritable(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new UserError(`cannot write to ${dir}, where the kit keeps its state`, { hint: 'Fix its permissions (e.g. `sudo chown -R $USER ' + dir + '`), or set KIT_HOME to a folder you can write.' });
  }
}

/** A running `kit start`: everything it started, and how to stop it all. */
export interface Started {
  info: InstanceInfo;
  jupyter?: JupyterServer;
  services: RunningService[];
  /** Resolves when everything has stopped (Ctrl-C, `kit stop`, or Jupyter exiting). */
  done: Promise<void>;
  stop(): Promise<void>;
}

export async function kitStart(opts: KitStartOptions = {}): Promise<Started | { alreadyRunning: InstanceInfo }> {
  const log = opts.log ?? console.log;
  const existing = runningInstance();
  if (existing) return { alreadyRunning: existing };
  const home = kitHome();
  checkWritable(home);
  const flavour = opts.jupyter === false ? undefined : ensureJupyter(log);
  const kernel = installKernel();

  const services: RunningService[] = [];
  let jupyter: JupyterServer | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await jupyter?.stop();
      for (const s of [...services].reverse()) await s.stop().catch((e) => log(`kit: stopping ${s.name} failed: ${(e as Error).message}`));
      clearInstance();
    })());

  try {
    for (const svc of embeddedServices()) services.push(await svc.start({ home, ...opts.serviceOptions }));
    if (flavour) jupyter = await startJupyter(flavour, { dir: path.join(kitRoot, 'notebooks'), port: opts.port, logDir: path.join(home, 'run'), openBrowser: opts.browser });
  } catch (e) {
    await stop();
    throw e;
  }

  const info: InstanceInfo = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    services: services.map(({ name, url, details }) => ({ name, url, details })),
    jupyter: jupyter && { app: jupyter.flavour.app, url: jupyter.url, port: jupyter.port, pid: jupyter.child.pid },
  };
  recordInstance(info);
  log(statusBlock({ ...info, library: `built (${path.join(kitRoot, 'dist')})`, kernel: `${kernelDisplayName} (${kernel.file})` }));

  const done = new Promise<void>((resolve) => {
    const finish = (why: string) => {
      log(`\n${why}: stopping everything kit start started…`);
      stop().then(() => {
        log('stopped.');
        resolve();
      });
    };
    process.once('SIGINT', () => finish('Ctrl-C'));
    process.once('SIGTERM', () => finish('kit stop'));
    jupyter?.child.once('exit', () => stopping || finish('Jupyter exited'));
  });
  return { info, jupyter, services, done, stop };
}
