/**
 * Running the cluster as a service: start it with its API server, record where it listens in
 * <kitHome>/cluster.json (removed on stop), and find a running one. `kit cluster start`, the
 * detached server process and `kit start` all go through `runCluster`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { processAlive } from '../env/process';
import { EmbeddedCluster, type ClusterOptions } from './cluster';
import { UserError } from '../cli/errors';
import { writeFileAtomic } from './store/durable-log';

export interface RunClusterOptions extends Omit<ClusterOptions, 'home'> {
  home: string;
  /** API server port; default 6443, or a free one if 6443 is taken. 0 = any free port. */
  port?: number;
  log?: (line: string) => void;
  /** The command whose process hosts the cluster when it is not its own ("kit start"). */
  hostedBy?: string;
}

/** What <kitHome>/cluster.json records about a running cluster. */
export interface RunningClusterInfo {
  pid: number;
  url: string;
  kubeconfig: string;
  speed: number;
  nodes: number;
  startedAt: string;
  /** Set when the cluster runs inside another command's process (`kit start`). */
  hostedBy?: string;
}

export interface RunningCluster {
  cluster: EmbeddedCluster;
  info: RunningClusterInfo;
  stop(): Promise<void>;
}

export const DefaultPort = 6443;

export function infoFile(home: string): string {
  return path.join(home, 'cluster.json');
}

export function kubeconfigPath(home: string): string {
  return path.join(home, 'kubeconfig');
}

/** The running cluster recorded under `home`, if its process is alive (a stale record is removed). */
export function runningCluster(home: string): RunningClusterInfo | undefined {
  const file = infoFile(home);
  let info: RunningClusterInfo;
  try {
    info = JSON.parse(fs.readFileSync(file, 'utf8')) as RunningClusterInfo;
  } catch {
    return undefined;
  }
  if (processAlive(info.pid)) return info;
  fs.rmSync(file, { force: true });
  return undefined;
}

export function lockFile(home: string): string {
  return path.join(home, 'cluster.lock');
}

interface LockHolder {
  pid: number;
  command: string;
}

function stopHint(command: string): string {
  return command === 'kit start' ? '`kit stop`' : '`kit cluster stop`';
}

/**
 * One cluster per state folder: two would write the same log and kubeconfig, and the second's stop
 * would hide the first from `kit cluster status`. The lock is a file created exclusively, holding the
 * owner's pid; one whose process is gone (kill -9) is taken over. Returns the release function.
 */
function lockStateDir(home: string, command: string): () => void {
  const file = lockFile(home);
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, command } satisfies LockHolder) + '\n', { flag: 'wx' });
      return () => {
        try {
          if ((JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder).pid === process.pid) fs.rmSync(file, { force: true });
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
    }
    let held: LockHolder | undefined;
    try {
      held = JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
    } catch {
      held = undefined; // half-written by a start that died: stale
    }
    if (held && processAlive(held.pid)) {
      throw new UserError(`another cluster already runs on ${home} (pid ${held.pid}, started by \`${held.command}\`)`, {
        hint: `Stop it with ${stopHint(held.command)} first, or use it as it is (\`kit cluster status\` says where); a different KIT_HOME runs a separate cluster.`,
      });
    }
    fs.rmSync(file, { force: true });
  }
}

/** The token survives restarts, so a notebook's client keeps working across `kit cluster stop/start`. */
function token(home: string): string {
  const file = path.join(home, 'cluster-tls', 'token');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    const t = crypto.randomBytes(24).toString('base64url');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, t);
    fs.chmodSync(file, 0o600);
    return t;
  }
}

export async function runCluster(opts: RunClusterOptions): Promise<RunningCluster> {
  const log = opts.log ?? (() => undefined);
  fs.mkdirSync(opts.home, { recursive: true });
  const unlock = lockStateDir(opts.home, opts.hostedBy ?? 'kit cluster start');
  let cluster: EmbeddedCluster;
  try {
    cluster = await EmbeddedCluster.start({ ...opts, onWarning: opts.onWarning ?? ((m) => log(m)) });
  } catch (e) {
    unlock();
    throw e;
  }
  const kubeconfig = kubeconfigPath(opts.home);
  let served;
  try {
    served = await cluster.serve({ port: opts.port ?? DefaultPort, token: token(opts.home), kubeconfig });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || opts.port !== undefined) {
      await cluster.stop().finally(unlock);
      throw e;
    }
    log(`port ${DefaultPort} is in use; using a free port instead`);
    served = await cluster.serve({ port: 0, token: token(opts.home), kubeconfig });
  }
  const info: RunningClusterInfo = {
    pid: process.pid,
    url: served.url,
    kubeconfig,
    speed: cluster.clock.speed,
    nodes: cluster.nodeNames.length,
    startedAt: new Date().toISOString(),
    ...(opts.hostedBy ? { hostedBy: opts.hostedBy } : {}),
  };
  writeFileAtomic(infoFile(opts.home), JSON.stringify(info, null, 2) + '\n');
  let stopping: Promise<void> | undefined;
  return {
    cluster,
    info,
    stop: () =>
      (stopping ??= (async () => {
        try {
          await cluster.stop();
        } finally {
          const cur = runningCluster(opts.home);
          if (cur?.pid === process.pid) fs.rmSync(infoFile(opts.home), { force: true });
          unlock();
        }
      })()),
  };
}
