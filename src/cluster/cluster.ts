/**
 * The embedded cluster, assembled: virtual clock, kind registry, store (with its durable log),
 * API logic, controllers, the node pool and (optionally) the HTTP API server that kubectl talks to.
 */
import { runtimeControllers } from './controllers/runtime';
import fs from 'node:fs';
import path from 'node:path';
import { VirtualClock, type Clock } from './clock';
import { ClusterApi } from './apiserver/api';
import { LogSink } from './apiserver/log-sink';
import { SchemaChecker } from './apiserver/schema';
import { ControllerManager, type Controller } from './controllers/manager';
import { garbageCollector } from './controllers/garbage-collector';
import { namespaceController } from './controllers/namespace';
import { serviceAccountController } from './controllers/serviceaccount';
import { jobController } from './controllers/job';
import { ttlAfterFinishedController } from './controllers/job-ttl';
import { cronJobController } from './controllers/cronjob';
import { defaultKinds, type KindRegistry } from './kinds';
import { registerNodes, type NodePoolOptions } from './nodes';
import { Store, type LogIO } from './store';
import { writeFileAtomic } from './store/durable-log';
import { ApiServer } from './apiserver/http';
import { newToken, writeKubeconfig } from './apiserver/kubeconfig';
import { generateServerCert, loadOrCreateServerCert } from './apiserver/tls';

export interface ClusterOptions {
  /** State folder (kitHome()); the store lives in <home>/cluster. Omit for a memory-only cluster. */
  home?: string;
  /** Virtual clock speed (1 = real time). */
  speed?: number;
  clock?: Clock;
  nodes?: NodePoolOptions;
  /**
   * false: no scheduler, kubelet, ReplicaSet or Deployment controller, so nothing runs pods (for
   * tests that finish pods by hand). Default true.
   */
  runtime?: boolean;
  /** Extra controllers to run besides the built-in ones. */
  controllers?: Array<(cluster: EmbeddedCluster) => Controller>;
  /** Replaces the log's disk writes (tests). */
  io?: LogIO;
  onWarning?: (message: string) => void;
  /** Snapshot the log after this many records. */
  compactEvery?: number;
  historyLimit?: number;
}

/** The controllers every cluster runs; a new controller adds one line here. */
export const builtInControllers: Array<(cluster: EmbeddedCluster) => Controller> = [
  (c) => garbageCollector(c.store),
  () => namespaceController(),
  () => serviceAccountController(),
  () => jobController(),
  () => ttlAfterFinishedController(),
  () => cronJobController(),
  ...runtimeControllers,
];

export const InitialNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export class EmbeddedCluster {
  readonly clock: Clock;
  readonly kinds: KindRegistry;
  readonly store: Store;
  readonly logs: LogSink;
  readonly api: ClusterApi;
  readonly controllers: ControllerManager;
  nodeNames: string[] = [];
  /** Set once `serve()` has started the HTTP API server. */
  server: ApiServer | undefined;

  private readonly home: string | undefined;

  private constructor(opts: ClusterOptions, schema: SchemaChecker | undefined) {
    this.home = opts.home;
    this.clock = opts.clock ?? new VirtualClock({ speed: opts.speed ?? 1 });
    this.kinds = defaultKinds();
    this.store = new Store({
      clock: this.clock,
      kinds: this.kinds,
      dir: opts.home ? path.join(opts.home, 'cluster') : undefined,
      io: opts.io,
      onWarning: opts.onWarning,
      compactEvery: opts.compactEvery,
      historyLimit: opts.historyLimit,
    });
    // The virtual clock runs ahead of real time at --speed > 1: resume after the stored state
    // (and the time of the last clean stop), or AGEs and CronJob schedules point to the future.
    if (this.clock instanceof VirtualClock) this.clock.resumeFrom(Math.max(this.store.storedTime ?? -Infinity, this.stoppedAt() ?? -Infinity));
    this.logs = new LogSink(() => this.clock.now());
    this.api = new ClusterApi({ store: this.store, kinds: this.kinds, clock: this.clock, logs: this.logs, schema });
    this.controllers = new ControllerManager(this.api);
  }

  /** Opens the store (replaying the log), creates the initial namespaces and nodes, starts controllers. */
  static async start(opts: ClusterOptions = {}): Promise<EmbeddedCluster> {
    const schema = await SchemaChecker.load();
    const c = new EmbeddedCluster(opts, schema);
    for (const name of InitialNamespaces) {
      if (!c.api.tryGet('Namespace', undefined, name)) await c.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
    c.nodeNames = await registerNodes(c.api, opts.nodes);
    const makers = [...builtInControllers, ...(opts.controllers ?? [])].filter((m) => opts.runtime !== false || !runtimeControllers.includes(m as () => Controller));
    for (const make of makers) c.controllers.add(make(c));
    return c;
  }

  /**
   * Starts the HTTPS API server on 127.0.0.1 and writes a kubeconfig (context `kit`) for it.
   * Port 0 picks a free port. The certificate is kept under <home>/cluster-tls/.
   */
  async serve(opts: { port?: number; host?: string; token?: string; kubeconfig?: string } = {}): Promise<{ url: string; token: string; kubeconfig?: string; ca: string }> {
    const token = opts.token ?? newToken();
    const tls = this.home ? loadOrCreateServerCert(path.join(this.home, 'cluster-tls')) : generateServerCert();
    this.server = new ApiServer(this.api, { token, port: opts.port, host: opts.host, tls });
    const url = await this.server.listen();
    if (opts.kubeconfig) writeKubeconfig(opts.kubeconfig, url, token, tls.cert);
    return { url, token, kubeconfig: opts.kubeconfig, ca: tls.cert };
  }

  async stop(): Promise<void> {
    await this.server?.close();
    await this.controllers.stop();
    await this.store.close();
    const file = this.clockFile();
    if (file) writeFileAtomic(file, JSON.stringify({ stoppedAt: this.clock.now() }) + '\n');
  }

  /** <home>/cluster/clock.json: the virtual time of the last clean stop (an idle stop writes no log record). */
  private clockFile(): string | undefined {
    return this.home ? path.join(this.home, 'cluster', 'clock.json') : undefined;
  }

  private stoppedAt(): number | undefined {
    const file = this.clockFile();
    if (!file || !fs.existsSync(file)) return undefined;
    try {
      const t = (JSON.parse(fs.readFileSync(file, 'utf8')) as { stoppedAt?: unknown }).stoppedAt;
      return typeof t === 'number' ? t : undefined;
    } catch {
      return undefined; // unreadable: the log's times still bound the clock
    }
  }
}
