/**
 * Connecting to a cluster with @kubernetes/client-node: the embedded one by default
 * (<kitHome>/kubeconfig), or KUBECONFIG / the current context. Every lab and notebook prints
 * `describeTarget()` so the learner sees which cluster is used, and a real cluster is refused
 * unless KIT_ALLOW_REAL_CLUSTER=1 (or allowReal) says so.
 */
import fs from 'node:fs';
import path from 'node:path';
import { clientNode } from './load';
import { UserError } from '../cli/errors';
import { kitHome } from '../env/paths';
import { runningCluster } from '../cluster/run';

export interface ConnectOptions {
  /** A kubeconfig file; default: KUBECONFIG if set, else the embedded cluster's. */
  kubeconfig?: string;
  /** A context in it; default: its current context. */
  context?: string;
  /** Allow a cluster that is not the embedded one (also KIT_ALLOW_REAL_CLUSTER=1). */
  allowReal?: boolean;
}

/** Which cluster a client talks to. */
export interface ClusterTarget {
  embedded: boolean;
  context: string;
  server: string;
  kubeconfig: string;
}

/** A connected client: the kubeconfig and the APIs the kit's helpers use (client-node objects). */
export interface KubeClient {
  target: ClusterTarget;
  /** client-node's KubeConfig. */
  kc: unknown;
  /** client-node's KubernetesObjectApi (generic CRUD by apiVersion/kind). */
  objects: unknown;
  /** client-node's CoreV1Api. */
  core: unknown;
}

function pickKubeconfig(opts: ConnectOptions): string {
  if (opts.kubeconfig) return path.resolve(opts.kubeconfig);
  if (process.env.KUBECONFIG) return process.env.KUBECONFIG.split(path.delimiter)[0];
  return path.join(kitHome(), 'kubeconfig');
}

/** Describes the target without connecting: embedded when it is the kit's own kubeconfig or the running cluster's URL. */
export function describeTargetOf(kubeconfig: string, context: string, server: string): ClusterTarget {
  const home = kitHome();
  const running = runningCluster(home);
  const embedded = path.resolve(kubeconfig) === path.join(home, 'kubeconfig') || (running !== undefined && running.url === server);
  return { embedded, context, server, kubeconfig };
}

/** "cluster: embedded kit cluster (context kit, https://127.0.0.1:6443)" — printed by every lab and notebook. */
export function formatTarget(t: ClusterTarget): string {
  return t.embedded
    ? `cluster: embedded kit cluster (context ${t.context}, ${t.server})`
    : `cluster: REAL cluster (context ${t.context}, ${t.server}, from ${t.kubeconfig})`;
}

/** Refuses a non-embedded cluster unless the learner opted in. */
export function assertAllowed(t: ClusterTarget, allowReal = false): void {
  if (t.embedded || allowReal || process.env.KIT_ALLOW_REAL_CLUSTER === '1') return;
  throw new UserError(`refusing to use a cluster that is not the kit's embedded one (context ${t.context}, ${t.server})`, {
    hint: 'Labs create and delete objects. To use this cluster anyway, set KIT_ALLOW_REAL_CLUSTER=1; to use the embedded one, unset KUBECONFIG and run `kit cluster start --detach`.',
  });
}

export async function connect(opts: ConnectOptions = {}): Promise<KubeClient> {
  const lib = await clientNode();
  const file = pickKubeconfig(opts);
  if (!fs.existsSync(file)) {
    throw new UserError(`no kubeconfig at ${file}`, { hint: 'Start the embedded cluster with `kit cluster start --detach` (it writes the kubeconfig), or set KUBECONFIG.' });
  }
  const kc = new lib.KubeConfig();
  kc.loadFromFile(file);
  if (opts.context) kc.setCurrentContext(opts.context);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new UserError(`the kubeconfig ${file} has no cluster for context "${kc.getCurrentContext()}"`, { hint: 'Check `kubectl config get-contexts`.' });
  const target = describeTargetOf(file, kc.getCurrentContext(), cluster.server);
  assertAllowed(target, opts.allowReal);
  return { target, kc, objects: lib.KubernetesObjectApi.makeApiClient(kc), core: kc.makeApiClient(lib.CoreV1Api) };
}

/** The target of a connection, for printing. */
export function describeTarget(client: KubeClient): string {
  return formatTarget(client.target);
}
