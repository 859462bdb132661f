import { ManualClock, rfc3339 } from '../../../src/cluster/clock';
import { EmbeddedCluster } from '../../../src/cluster/cluster';
import type { KubeObject } from '../../../src/cluster/store';

/** A cluster on a ManualClock; pods are finished by hand (the tests play the kubelet). */
export class JobHarness {
  private constructor(readonly cluster: EmbeddedCluster, readonly clock: ManualClock) {}

  static async start(): Promise<JobHarness> {
    const clock = new ManualClock(Date.UTC(2024, 0, 1));
    return new JobHarness(await EmbeddedCluster.start({ clock, runtime: false }), clock);
  }

  get api() {
    return this.cluster.api;
  }

  async settle(): Promise<void> {
    await this.cluster.controllers.idle();
  }

  /** Moves virtual time in 1 s steps, settling after each (timers fire in order). */
  async advance(ms: number): Promise<void> {
    for (let left = ms; left > 0; left -= 1000) {
      this.clock.advance(Math.min(1000, left));
      await this.settle();
    }
  }

  /** Seconds since the harness started. */
  t(ms = this.clock.now()): number {
    return (ms - Date.UTC(2024, 0, 1)) / 1000;
  }

  async createJob(name: string, spec: Record<string, unknown>, template: Record<string, unknown> = {}): Promise<KubeObject> {
    const obj = await this.api.create({
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'default' },
      spec: { ...spec, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'perl:5.34' }], ...template } } },
    });
    await this.settle();
    return obj.object;
  }

  job(name: string): KubeObject & { status: Record<string, any>; spec: Record<string, any> } {
    return this.api.get('Job', 'default', name) as never;
  }

  pods(job: string): KubeObject[] {
    return this.api.list('Pod', { namespace: 'default', labelSelector: `batch.kubernetes.io/job-name=${job}` }).items;
  }

  active(job: string): KubeObject[] {
    return this.pods(job).filter((p) => !p.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes((p.status as { phase?: string })?.phase ?? ''));
  }

  conditions(job: string): string[] {
    return ((this.job(job).status.conditions ?? []) as Array<{ type: string; status: string; reason: string }>).map((c) => `${c.type}=${c.status}:${c.reason}`);
  }

  /** Ends a pod as its container would: phase and the main container's exit code. */
  async finish(pod: KubeObject, phase: 'Succeeded' | 'Failed', exitCode = phase === 'Succeeded' ? 0 : 1, extra: Record<string, unknown> = {}): Promise<void> {
    const cur = this.api.get('Pod', 'default', pod.metadata.name!);
    cur.status = {
      phase,
      containerStatuses: [{ name: 'main', restartCount: 0, state: { terminated: { exitCode, finishedAt: rfc3339(this.clock.now()) } } }],
      ...extra,
    };
    await this.api.updateStatus(cur);
  }

  async finishAll(job: string, phase: 'Succeeded' | 'Failed', exitCode?: number): Promise<number> {
    const pods = this.active(job);
    for (const p of pods) await this.finish(p, phase, exitCode);
    await this.settle();
    return pods.length;
  }

  /** What `kubectl get events` would show for an object: "Type Reason: message". */
  events(name: string): string[] {
    return this.api.list('Event', { namespace: 'default' }).items
      .filter((e) => (e.involvedObject as { name: string }).name === name)
      .map((e) => `${e.type} ${e.reason}: ${e.message}`);
  }

  async stop(): Promise<void> {
    await this.cluster.stop();
  }
}
