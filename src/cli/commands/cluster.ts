import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { kitHome, kitRoot } from '../../env/paths';
import { nodePoolProblem } from '../../cluster/nodes';
import { infoFile, runCluster, runningCluster, type RunningClusterInfo } from '../../cluster/run';
import { UserError } from '../errors';

interface StartOpts {
  detach?: boolean;
  speed?: number;
  nodes?: number;
  nodeCpu?: string;
  nodeMemory?: string;
  port?: number;
}

function positive(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a positive number.`);
    return n;
  };
}

/** --nodes, --node-cpu, --node-memory: checked as the node pool checks them, before anything starts. */
function poolFlag(key: 'count' | 'cpu' | 'memory') {
  return (v: string) => {
    const problem = nodePoolProblem({ [key]: v });
    if (problem) throw new InvalidArgumentError(`${problem}.`);
    return key === 'count' ? Number(v) : v;
  };
}

function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('the port must be 0-65535 (0 picks a free one).');
  return n;
}

function describeRunning(info: RunningClusterInfo): string {
  return [
    `cluster running at ${info.url} (pid ${info.pid}${info.hostedBy ? `, inside \`${info.hostedBy}\`` : ''}, ${info.nodes} nodes, clock ${info.speed}×)`,
    `kubeconfig: ${info.kubeconfig}`,
    `try: kubectl --kubeconfig ${info.kubeconfig} get nodes`,
  ].join('\n');
}

function already(info: RunningClusterInfo): void {
  console.log(`kit: the cluster is already running.\n${describeRunning(info)}`);
}

async function startForeground(home: string, o: StartOpts): Promise<void> {
  const running = await runCluster({
    home, speed: o.speed, port: o.port,
    nodes: { count: o.nodes, cpu: o.nodeCpu, memory: o.nodeMemory },
    log: (l) => console.log(`kit cluster: ${l}`),
  });
  console.log(describeRunning(running.info));
  console.log('Ctrl-C stops it (the objects are kept: `kit cluster start` brings them back).');
  await new Promise<void>((resolve) => {
    const stop = () => void running.stop().then(resolve, resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

async function startDetached(home: string, o: StartOpts): Promise<void> {
  const main = path.join(kitRoot, 'dist', 'cluster', 'server-main.js');
  const args = [main, '--home', home];
  if (o.speed !== undefined) args.push('--speed', String(o.speed));
  if (o.nodes !== undefined) args.push('--nodes', String(o.nodes));
  if (o.nodeCpu) args.push('--node-cpu', o.nodeCpu);
  if (o.nodeMemory) args.push('--node-memory', o.nodeMemory);
  if (o.port !== undefined) args.push('--port', String(o.port));
  fs.mkdirSync(home, { recursive: true });
  const logFile = path.join(home, 'cluster.log');
  const out = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const info = runningCluster(home);
    if (info && info.pid === child.pid) {
      child.unref();
      console.log(describeRunning(info));
      console.log(`log: ${logFile}; stop it with: kit cluster stop`);
      return;
    }
    if (exited !== undefined) {
      const text = fs.readFileSync(logFile, 'utf8').trim();
      throw new UserError(`the cluster did not start (exit code ${exited}):\n${text}`, { hint: `The full log is in ${logFile}.` });
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new UserError('the cluster did not start within 60 s', { hint: `See ${logFile}.` });
}

async function stopCluster(home: string): Promise<void> {
  const info = runningCluster(home);
  if (!info) {
    console.log('kit: the cluster is not running.');
    return;
  }
  if (info.hostedBy) {
    throw new UserError(`the cluster runs inside \`${info.hostedBy}\` (pid ${info.pid}), with the other services`, { hint: 'Stop them all with `kit stop` (or Ctrl-C where `kit start` runs).' });
  }
  process.kill(info.pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (!runningCluster(home)) {
      console.log(`kit: cluster stopped (pid ${info.pid}).`);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  process.kill(info.pid, 'SIGKILL');
  fs.rmSync(infoFile(home), { force: true });
  console.log(`kit: the cluster did not stop within 15 s and was killed (pid ${info.pid}); acknowledged objects are kept.`);
}

export function register(prog: Command): void {
  const cluster = prog.command('cluster').description('the embedded Kubernetes lab cluster (real kubectl works against it)');

  cluster
    .command('start')
    .description('start the cluster and write a kubeconfig (context "kit") under the kit folder')
    .option('-d, --detach', 'run in the background (stop with `kit cluster stop`)')
    .option('--speed <n>', 'virtual clock speed: 1 = real time, 10 = ten times faster (the clock then runs ahead of real time and resumes from there after a restart; clients that compute ages themselves see future times, see docs/known-issues.md)', positive('--speed'))
    .option('--nodes <n>', 'number of simulated nodes (default 3, or the stored pool; a given number adds or removes nodes)', poolFlag('count'))
    .option('--node-cpu <quantity>', 'CPU per node (default 4; given, it updates the stored nodes too)', poolFlag('cpu'))
    .option('--node-memory <quantity>', 'memory per node (default 16Gi; given, it updates the stored nodes too)', poolFlag('memory'))
    .option('--port <port>', 'API server port (default 6443, or a free one if taken; 0 = any free port)', port)
    .action(async (o: StartOpts) => {
      const home = kitHome();
      const existing = runningCluster(home);
      if (existing) return already(existing);
      if (o.detach) await startDetached(home, o);
      else await startForeground(home, o);
    });

  cluster
    .command('stop')
    .description('stop a running cluster (its objects are kept for the next start)')
    .action(() => stopCluster(kitHome()));

  cluster
    .command('status')
    .description('say whether the cluster runs, where, and which kubeconfig reaches it')
    .action(() => {
      const info = runningCluster(kitHome());
      if (info) console.log(describeRunning(info));
      else console.log('kit: the cluster is not running. Start it with: kit cluster start --detach');
    });

  cluster
    .command('reset')
    .description('delete the cluster\'s stored objects (the next start is an empty cluster)')
    .action(() => {
      const home = kitHome();
      const info = runningCluster(home);
      if (info) throw new UserError(`the cluster is running (pid ${info.pid}); reset deletes its state, so stop it first`, { hint: 'Run `kit cluster stop`, then `kit cluster reset`.' });
      const dir = path.join(home, 'cluster');
      const existed = fs.existsSync(dir);
      fs.rmSync(dir, { recursive: true, force: true });
      console.log(existed ? `kit: deleted the cluster state (${dir}); the next \`kit cluster start\` begins empty.` : 'kit: there was no cluster state to delete.');
    });
}
