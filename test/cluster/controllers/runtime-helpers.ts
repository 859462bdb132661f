import { ManualClock } from '../../../src/cluster/clock';
import { EmbeddedCluster } from '../../../src/cluster/cluster';
import { type KubeObject } from '../../../src/cluster/store';

type Json = Record<string, any>;

/** A cluster on a ManualClock with the scheduler, kubelet, ReplicaSet and Deployment controllers. */
export class RuntimeHarness {
  private constructor(readonly cluster: EmbeddedCluster, readonly clock: ManualClock) {}

  static async start(): Promise<RuntimeHarness> {
    const clock = new ManualClock(Date.UTC(2024, 0, 1));
    const h = new RuntimeHarness(await EmbeddedCluster.start({ clock }), clock);
    await h.settle();
    return h;
  }

  get api() {
    return this.cluster.api;
  }

  /** Lets controllers and workloads run until nothing moves at this instant. */
  async settle(): Promise<void> {
    for (let i = 0; i < 5; i++) {
      await this.cluster.controllers.idle();
      await new Promise((r) => setImmediate(r));
    }
  }

  async advance(ms: number, step = 1000): Promise<void> {
    for (let left = ms; left > 0; left -= step) {
      this.clock.advance(Math.min(step, left));
      await this.settle();
    }
  }

  async createPod(name: string, spec: Json, meta: Json = {}): Promise<void> {
    await this.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...meta }, spec });
    await this.settle();
  }

  pod(name: string): KubeObject & { status: Json; spec: Json } {
    return this.api.get('Pod', 'default', name) as never;
  }

  events(name: string): string[] {
    return this.api.list('Event', { namespace: 'default' }).items
      .filter((e) => (e.involvedObject as { name: string }).name === name)
      .map((e) => `${e.type} ${e.reason}: ${e.message}`);
  }

  logs(pod: string, container: string): string {
    return (this.api.logs.read('default', pod, container) ?? []).map((l) => l.text).join('\n');
  }

  async stop(): Promise<void> {
    await this.cluster.stop();
  }
}
