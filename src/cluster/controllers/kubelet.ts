/**
 * The kubelet: runs the pods bound to the simulated nodes (one controller for every node).
 * For each pod it pulls images, starts init containers one by one and then the containers,
 * restarts them by restartPolicy with the crash-loop back-off, kills them when the pod is
 * deleted, and reports all of it in the pod's status and events.
 *
 * Upstream: pkg/kubelet/kubelet.go (SyncPod), kuberuntime/kuberuntime_manager.go (computePodActions),
 * kuberuntime_container.go (startContainer, killContainer), images/image_manager.go (pull events),
 * kubelet_pods.go (getPhase), status/generate.go (conditions).
 *
 * A container here is an Image's TypeScript workload (src/cluster/images) running in this
 * process on the virtual clock; its output goes to the pod log sink `kubectl logs` reads.
 */
import crypto from 'node:crypto';
import { rfc3339 } from '../clock';
import { pullImage, START_ERROR_EXIT_CODE, type ContainerContext, type Image } from '../images';
import { isApiError, type KubeObject } from '../store';
import { keyOf, splitKey, type Controller, type ControllerContext, type ReconcileResult } from './manager';
import { containerEnv, ContainerConfigError, podHostname } from './kubelet-env';
import { podConditions, podPhase, type ContainerState, type ContainerStatusView, type PodCondition } from './kubelet-status';

type Json = Record<string, any>;

/** kubelet.go: MaxContainerBackOff and the initial back-off for crash loops and image pulls. */
export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;
/** backoff.go hasExpired: a back-off entry older than 2 × max is forgotten (a container that ran 10 min starts afresh). */
const BACKOFF_RESET_MS = 2 * MAX_BACKOFF_MS;

/** One container's life as the runtime sees it. */
interface Ctr {
  name: string;
  spec: Json;
  state: ContainerState;
  lastState: ContainerState;
  restartCount: number;
  imageID: string;
  containerID?: string;
  image?: Image;
  startedAtMs?: number;
  /** Image pull in progress until this time / next pull attempt after a failure. */
  pullingUntil?: number;
  pullStartedAt?: number;
  pullRetryAt?: number;
  pullFailedAt?: number;
  pullBackoffMs: number;
  /** Crash-loop back-off entry (backoff.go: duration and when it was last bumped). */
  crashBackoffMs: number;
  crashBackoffAt: number;
  /** When the last run ended, while waiting to be restarted. */
  crashedAt?: number;
  abort?: AbortController;
  /** Aborted on SIGKILL (ContainerContext.killed). */
  kill?: AbortController;
  killSignal?: 'SIGTERM' | 'SIGKILL';
  /** Bumped on each start, so a late result of a killed run is ignored. */
  run: number;
}

interface PodRuntime {
  uid: string;
  pod: KubeObject;
  nodeName: string;
  podIP: string;
  hostIP: string;
  startTime: string;
  init: Ctr[];
  main: Ctr[];
  /** Set once the pod is being deleted: when SIGTERM went out, and when to SIGKILL the stragglers. */
  killStartedAt?: number;
  killAt?: number;
}

function isTerminal(phase: string | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

function newCtr(spec: Json, waitingReason: string): Ctr {
  return {
    name: spec.name, spec, state: { waiting: { reason: waitingReason } }, lastState: {}, restartCount: 0, imageID: '',
    pullBackoffMs: 0, crashBackoffMs: 0, crashBackoffAt: 0, run: 0,
  };
}

/** A made-up but stable pull time and image size per image, so events read like a real pull. */
function pullFacts(ref: string): { ms: number; bytes: number } {
  const h = crypto.createHash('sha256').update(ref).digest();
  return { ms: 700 + (h.readUInt16BE(0) % 2300), bytes: 2_000_000 + (h.readUInt32BE(2) % 150_000_000) };
}

export function kubeletController(): Controller {
  const pods = new Map<string, PodRuntime>();
  /** Images already on each node ("node image"), for imagePullPolicy IfNotPresent. */
  const present = new Set<string>();
  /** Next free host number in each node's pod CIDR. */
  const nextIP = new Map<string, number>();

  function allocateIP(ctx: ControllerContext, nodeName: string): { podIP: string; hostIP: string } {
    const node = ctx.api.tryGet('Node', undefined, nodeName, { shared: true }) as Json | undefined;
    const cidr: string = node?.spec?.podCIDR ?? '10.244.0.0/24';
    const n = nextIP.get(nodeName) ?? 2;
    nextIP.set(nodeName, n >= 254 ? 2 : n + 1);
    const hostIP = (node?.status?.addresses ?? []).find((a: Json) => a.type === 'InternalIP')?.address ?? '172.18.0.2';
    return { podIP: cidr.replace(/\.0\/\d+$/, `.${n}`), hostIP };
  }

  return {
    name: 'kubelet',
    // pod_workers.go runs one goroutine per pod; here 16 pods sync at once (each waits on its writes).
    workers: 16,
    watches: [{ kind: 'Pod', keys: (e) => ((e.object.spec as Json)?.nodeName || e.type === 'DELETED' ? [keyOf(e.object)] : []) }],
    async reconcile(key, ctx) {
      const { namespace, name } = splitKey(key);
      const pod = ctx.api.tryGet('Pod', namespace, name);
      let rt = pods.get(key);
      if (rt && (!pod || pod.metadata.uid !== rt.uid)) {
        // The pod is gone (or replaced by one of the same name): stop what still runs.
        killAll(rt, ctx, 'SIGTERM');
        killAll(rt, ctx, 'SIGKILL');
        pods.delete(key);
        rt = undefined;
      }
      const nodeName = (pod?.spec as Json | undefined)?.nodeName as string | undefined;
      if (!pod || !nodeName) return;
      if (!rt) {
        // A finished pod has nothing to run; a deleted one is still finished off below (its
        // containers stopped with the kubelet, e.g. before a cluster restart).
        if (isTerminal((pod.status as Json | undefined)?.phase) && !pod.metadata.deletionTimestamp) return;
        const spec = pod.spec as Json;
        const hasInit = ((spec.initContainers ?? []) as Json[]).length > 0;
        rt = {
          uid: pod.metadata.uid!, pod, nodeName, ...allocateIP(ctx, nodeName), startTime: rfc3339(ctx.clock.now()),
          init: ((spec.initContainers ?? []) as Json[]).map((c) => newCtr(c, 'PodInitializing')),
          main: ((spec.containers ?? []) as Json[]).map((c) => newCtr(c, hasInit ? 'PodInitializing' : 'ContainerCreating')),
        };
        pods.set(key, rt);
      }
      rt.pod = pod;
      let wake: number | undefined;
      if (pod.metadata.deletionTimestamp) wake = terminate(rt, ctx);
      else if (!isTerminal(phaseOf(rt))) wake = await syncPod(rt, ctx, key);
      await writeStatus(rt, ctx);
      if (pod.metadata.deletionTimestamp && wake === undefined) await finishDeletion(rt, ctx);
      const result: ReconcileResult = wake !== undefined ? { requeueAfter: Math.max(0, wake - ctx.clock.now()) } : undefined;
      return result;
    },
  };

  function event(rt: PodRuntime, ctx: ControllerContext, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void> {
    return ctx.api.recordEvent(rt.pod, type, reason, message, { component: 'kubelet', host: rt.nodeName });
  }

  function phaseOf(rt: PodRuntime): string {
    return podPhase((rt.pod.spec as Json).restartPolicy ?? 'Always', rt.init.map(view), rt.main.map(view));
  }

  /** computePodActions: init containers in order, then every container; returns when to look again. */
  async function syncPod(rt: PodRuntime, ctx: ControllerContext, key: string): Promise<number | undefined> {
    const policy: string = (rt.pod.spec as Json).restartPolicy ?? 'Always';
    for (const c of rt.init) {
      const t = c.state.terminated;
      if (t && t.exitCode === 0) continue;
      if (c.state.running) return undefined; // wait for it to finish
      if (t || c.crashedAt !== undefined) {
        if (policy === 'Never') return undefined; // the pod has failed
        return restartWithBackoff(rt, c, ctx, key);
      }
      return startContainer(rt, c, ctx, key);
    }
    let wake: number | undefined;
    const soonest = (t: number | undefined) => { if (t !== undefined) wake = wake === undefined ? t : Math.min(wake, t); };
    for (const c of rt.main) {
      if (c.state.running) continue;
      const t = c.state.terminated;
      if (t || c.crashedAt !== undefined) {
        const exit = t?.exitCode ?? c.lastState.terminated?.exitCode ?? 0;
        const restart = policy === 'Always' || (policy === 'OnFailure' && exit !== 0);
        if (restart) soonest(await restartWithBackoff(rt, c, ctx, key));
        continue;
      }
      soonest(await startContainer(rt, c, ctx, key));
    }
    return wake;
  }

  /** kuberuntime_manager.go doBackOff: restart now, or wait in CrashLoopBackOff. */
  async function restartWithBackoff(rt: PodRuntime, c: Ctr, ctx: ControllerContext, key: string): Promise<number | undefined> {
    const now = ctx.clock.now();
    if (c.crashedAt === undefined) {
      // The container just exited: its run becomes lastState.
      c.lastState = { terminated: c.state.terminated! };
      c.crashedAt = now;
    }
    if (c.crashBackoffMs && c.crashedAt - c.crashBackoffAt > BACKOFF_RESET_MS) c.crashBackoffMs = 0;
    if (c.crashBackoffMs && now - c.crashedAt < c.crashBackoffMs) {
      const podRef = `${rt.pod.metadata.name}_${rt.pod.metadata.namespace}(${rt.uid})`;
      const wasWaiting = c.state.waiting?.reason === 'CrashLoopBackOff';
      c.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${c.crashBackoffMs / 1000}s restarting failed container=${c.name} pod=${podRef}` } };
      if (!wasWaiting) await event(rt, ctx, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${podRef}`);
      return c.crashedAt + c.crashBackoffMs;
    }
    // backoff.go Next: the first restart is immediate, then 10 s, 20 s, … up to 5 min.
    c.crashBackoffMs = c.crashBackoffMs ? Math.min(c.crashBackoffMs * 2, MAX_BACKOFF_MS) : INITIAL_BACKOFF_MS;
    c.crashBackoffAt = now;
    c.crashedAt = undefined;
    c.restartCount++;
    c.state = { waiting: { reason: 'ContainerCreating' } };
    c.image = undefined; // imagePullPolicy Always pulls again on each start
    return startContainer(rt, c, ctx, key);
  }

  /** Pull (with events and back-off), build the environment, then run the image's workload. */
  async function startContainer(rt: PodRuntime, c: Ctr, ctx: ControllerContext, key: string): Promise<number | undefined> {
    const now = ctx.clock.now();
    const ref: string = c.spec.image;
    if (!c.image) {
      const nodeImage = `${rt.nodeName} ${ref}`;
      if (c.pullRetryAt !== undefined && now < c.pullRetryAt) {
        // Syncs within the same second still show the pull error; later ones the back-off.
        if (c.state.waiting?.reason === 'ErrImagePull' && now < c.pullFailedAt! + 1000) return c.pullFailedAt! + 1000;
        if (c.state.waiting?.reason !== 'ImagePullBackOff') {
          c.state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${ref}"` } };
          await event(rt, ctx, 'Normal', 'BackOff', `Back-off pulling image "${ref}"`);
          await event(rt, ctx, 'Warning', 'Failed', 'Error: ImagePullBackOff');
        }
        return c.pullRetryAt;
      }
      const pulled = pullImage(ref);
      if (!pulled.ok) {
        // image_manager.go: the pull fails (ErrImagePull), later syncs wait in ImagePullBackOff.
        c.pullBackoffMs = c.pullBackoffMs ? Math.min(c.pullBackoffMs * 2, MAX_BACKOFF_MS) : INITIAL_BACKOFF_MS;
        c.pullRetryAt = now + c.pullBackoffMs;
        c.pullFailedAt = now;
        c.state = { waiting: { reason: pulled.reason, message: pulled.message } };
        await event(rt, ctx, 'Normal', 'Pulling', `Pulling image "${ref}"`);
        await event(rt, ctx, 'Warning', 'Failed', pulled.message);
        await event(rt, ctx, 'Warning', 'Failed', `Error: ${pulled.reason}`);
        return now + 1000; // the next sync shows ImagePullBackOff
      }
      const policy = c.spec.imagePullPolicy ?? 'IfNotPresent';
      if (policy !== 'Always' && present.has(nodeImage)) {
        await event(rt, ctx, 'Normal', 'Pulled', `Container image "${ref}" already present on machine`);
      } else {
        const facts = pullFacts(pulled.ref);
        if (c.pullingUntil === undefined) {
          c.pullStartedAt = now;
          c.pullingUntil = now + facts.ms;
          await event(rt, ctx, 'Normal', 'Pulling', `Pulling image "${ref}"`);
        }
        if (now < c.pullingUntil) return c.pullingUntil;
        const took = ((c.pullingUntil - c.pullStartedAt!) / 1000).toFixed(3);
        c.pullingUntil = undefined;
        present.add(nodeImage);
        await event(rt, ctx, 'Normal', 'Pulled', `Successfully pulled image "${ref}" in ${took}s (${took}s including waiting). Image size: ${facts.bytes} bytes.`);
      }
      c.pullBackoffMs = 0;
      c.pullRetryAt = undefined;
      c.image = pulled.image;
      c.imageID = pulled.imageID;
    }
    let env: Record<string, string>;
    try {
      env = containerEnv(ctx.api, { ...rt.pod, status: { ...(rt.pod.status as Json), podIP: rt.podIP, hostIP: rt.hostIP } }, c.spec);
    } catch (e) {
      if (!(e instanceof ContainerConfigError)) throw e;
      // kuberuntime_container.go: CreateContainerConfigError, retried on the next sync.
      c.state = { waiting: { reason: 'CreateContainerConfigError', message: e.message } };
      await event(rt, ctx, 'Warning', 'Failed', `Error: ${e.message}`);
      return now + INITIAL_BACKOFF_MS;
    }
    run(rt, c, ctx, key, env);
    await event(rt, ctx, 'Normal', 'Created', `Created container: ${c.name}`);
    await event(rt, ctx, 'Normal', 'Started', `Started container ${c.name}`);
    return undefined;
  }

  /** Starts the workload; its end (exit or kill) is recorded and the pod queued again. */
  function run(rt: PodRuntime, c: Ctr, ctx: ControllerContext, key: string, env: Record<string, string>): void {
    const ns = rt.pod.metadata.namespace ?? 'default';
    const podName = rt.pod.metadata.name!;
    const runId = ++c.run;
    const abort = new AbortController();
    c.abort = abort;
    c.kill = new AbortController();
    c.killSignal = undefined;
    c.containerID = `containerd://${crypto.randomBytes(32).toString('hex')}`;
    c.startedAtMs = ctx.clock.now();
    c.state = { running: { startedAt: rfc3339(c.startedAtMs) } };
    ctx.api.logs.start(ns, podName, c.name);
    const live = () => c.run === runId;
    const hostname = podHostname(rt.pod);
    const cctx: ContainerContext = {
      image: c.spec.image,
      command: c.spec.command,
      args: c.spec.args,
      env: { HOSTNAME: hostname, ...env },
      hostname,
      podName,
      namespace: ns,
      stdout: (text) => { if (live()) ctx.api.logs.write(ns, podName, c.name, text); },
      stderr: (text) => { if (live()) ctx.api.logs.write(ns, podName, c.name, text); },
      // sleep(Infinity) (nginx, `sleep infinity`) waits for the kill only.
      sleep: (ms) => (Number.isFinite(ms) ? ctx.clock.sleep(ms, abort.signal) : new Promise((_, reject) => {
        const onAbort = () => reject(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }));
        if (abort.signal.aborted) onAbort();
        else abort.signal.addEventListener('abort', onAbort, { once: true });
      })),
      now: () => new Date(ctx.clock.now()),
      signal: abort.signal,
      killed: c.kill.signal,
    };
    const image = c.image!;
    const done = (exitCode: number, message?: string) => {
      if (!live()) return;
      c.run++; // later output or a late result of this run is ignored
      c.abort = undefined;
      ctx.api.logs.finish(ns, podName, c.name);
      const reason = exitCode === 0 ? 'Completed' : exitCode === START_ERROR_EXIT_CODE ? 'StartError' : 'Error';
      c.state = {
        terminated: {
          exitCode, reason, ...(message ? { message } : {}), startedAt: rfc3339(c.startedAtMs!),
          finishedAt: rfc3339(ctx.clock.now()), containerID: c.containerID,
        },
      };
      ctx.enqueue(key);
    };
    // A signal the program does not handle ends it with 128 + signal number, as a runtime reports.
    const killedCode = () => (c.killSignal === 'SIGKILL' ? 137 : 143);
    Promise.resolve()
      .then(() => image.run(cctx))
      .then(
        (code) => done(code),
        (e: unknown) => {
          if (abort.signal.aborted) return done(killedCode());
          cctx.stderr(`${(e as Error)?.message ?? String(e)}\n`);
          done(1);
        },
      );
  }

  /**
   * The pod is being deleted: SIGTERM now, SIGKILL after the grace period (killContainer). The
   * period is the pod's deletionGracePeriodSeconds, which a second delete may shorten; 0 (a deletion
   * left to finalizers) means the pod's own terminationGracePeriodSeconds, and it is never below
   * 1 s (pod_workers.go calculateEffectiveGracePeriod).
   */
  function terminate(rt: PodRuntime, ctx: ControllerContext): number | undefined {
    const now = ctx.clock.now();
    const running = [...rt.init, ...rt.main].filter((c) => c.state.running);
    const grace = Math.max(1, rt.pod.metadata.deletionGracePeriodSeconds || ((rt.pod.spec as Json).terminationGracePeriodSeconds ?? 30));
    if (rt.killStartedAt === undefined) {
      rt.killStartedAt = now;
      killAll(rt, ctx, 'SIGTERM');
    }
    rt.killAt = Math.min(rt.killAt ?? Infinity, rt.killStartedAt + grace * 1000);
    if (now >= rt.killAt && running.length) killAll(rt, ctx, 'SIGKILL');
    // Containers that never started will not start now.
    for (const c of [...rt.init, ...rt.main]) if (c.state.waiting) c.pullRetryAt = c.pullingUntil = undefined;
    return running.length && now < rt.killAt ? rt.killAt : undefined;
  }

  /**
   * Every container has stopped and the final status (a terminal phase) is written: delete the
   * pod for good, with grace period 0 and its uid as precondition (status_manager.go, canBeDeleted).
   * Finalizers still on it keep it until their controllers remove them.
   */
  async function finishDeletion(rt: PodRuntime, ctx: ControllerContext): Promise<void> {
    const cur = ctx.api.tryGet('Pod', rt.pod.metadata.namespace, rt.pod.metadata.name!, { shared: true });
    if (!cur || cur.metadata.uid !== rt.uid || !cur.metadata.deletionGracePeriodSeconds) return;
    if (!isTerminal((cur.status as Json | undefined)?.phase)) return;
    try {
      await ctx.api.delete('Pod', cur.metadata.namespace, cur.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: rt.uid } });
    } catch (e) {
      // Someone else finished it first (a force delete, a new pod of the same name).
      if (!(isApiError(e) && (e.reason === 'NotFound' || e.code === 409))) throw e;
    }
  }

  function killAll(rt: PodRuntime, ctx: ControllerContext, signal: 'SIGTERM' | 'SIGKILL'): void {
    for (const c of [...rt.init, ...rt.main]) {
      if (!c.state.running || !c.abort) continue;
      if (signal === 'SIGTERM') {
        void event(rt, ctx, 'Normal', 'Killing', `Stopping container ${c.name}`);
        c.killSignal = 'SIGTERM';
        c.abort.abort(Object.assign(new Error('SIGTERM'), { name: 'AbortError' }));
      } else {
        // SIGKILL cannot be handled: the run ends now whatever the workload does.
        c.killSignal = 'SIGKILL';
        c.abort.abort(Object.assign(new Error('SIGKILL'), { name: 'AbortError' }));
        c.kill?.abort();
        c.run++;
        ctx.api.logs.finish(rt.pod.metadata.namespace ?? 'default', rt.pod.metadata.name!, c.name);
        c.state = { terminated: { exitCode: 137, reason: 'Error', startedAt: rfc3339(c.startedAtMs!), finishedAt: rfc3339(ctx.clock.now()), containerID: c.containerID } };
        c.abort = undefined;
      }
    }
  }

  function view(c: Ctr): ContainerStatusView {
    return {
      name: c.name, state: c.state, lastState: c.lastState, ready: !!c.state.running, restartCount: c.restartCount,
      image: c.spec.image, imageID: c.imageID, ...(c.containerID ? { containerID: c.containerID } : {}), started: !!c.state.running,
    };
  }

  /** status_manager.go: write the status when it changed (re-reading the pod to avoid needless conflicts). */
  async function writeStatus(rt: PodRuntime, ctx: ControllerContext): Promise<void> {
    // Read only (frozen, no copy): the status written is a new object.
    const cur = ctx.api.tryGet('Pod', rt.pod.metadata.namespace, rt.pod.metadata.name!, { shared: true });
    if (!cur || cur.metadata.uid !== rt.uid) return;
    const old = (cur.status ?? {}) as Json;
    const terminating = !!cur.metadata.deletionTimestamp;
    const init = rt.init.map(view);
    const main = rt.main.map((c) => ({ ...view(c), ready: !!c.state.running && !terminating }));
    // A finished pod keeps its phase (a terminal phase never changes); a deleted pod whose
    // containers have all stopped is terminal too (kubelet_pods.go, podIsTerminal on deletion).
    let phase: string = isTerminal(old.phase) ? old.phase : podPhase((cur.spec as Json).restartPolicy ?? 'Always', init, main);
    if (terminating && !isTerminal(phase) && ![...init, ...main].some((c) => c.state.running)) {
      phase = main.every((c) => c.state.terminated?.exitCode === 0) ? 'Succeeded' : 'Failed';
    }
    const status: Json = {
      ...old,
      phase,
      conditions: podConditions((old.conditions ?? []) as PodCondition[], ctx.clock.now(), phase, true, init, main),
      hostIP: rt.hostIP, hostIPs: [{ ip: rt.hostIP }],
      podIP: rt.podIP, podIPs: [{ ip: rt.podIP }],
      startTime: old.startTime ?? rt.startTime,
      containerStatuses: main,
    };
    if (init.length) status.initContainerStatuses = init;
    if (JSON.stringify(status) === JSON.stringify(old)) return;
    await ctx.api.updateStatus({ ...cur, status });
  }
}
