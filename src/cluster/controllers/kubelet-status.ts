/**
 * How the kubelet turns container states into the pod's phase and conditions
 * (pkg/kubelet/kubelet_pods.go getPhase, pkg/kubelet/status/generate.go).
 */
import { rfc3339 } from '../clock';

export interface ContainerState {
  waiting?: { reason: string; message?: string };
  running?: { startedAt: string };
  terminated?: { exitCode: number; reason: string; message?: string; startedAt?: string; finishedAt: string; containerID?: string; signal?: number };
}

export interface ContainerStatusView {
  name: string;
  state: ContainerState;
  lastState: ContainerState;
  ready: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
  started: boolean;
}

/** getPhase: init containers first, then the main containers counted as upstream counts them. */
export function podPhase(restartPolicy: string, init: ContainerStatusView[], main: ContainerStatusView[]): string {
  for (const c of init) {
    const t = c.state.terminated;
    if (t && t.exitCode === 0) continue;
    // An init container that failed under restartPolicy Never fails the pod.
    if (t && restartPolicy === 'Never') return 'Failed';
    if (!t && c.state.waiting && c.lastState.terminated && restartPolicy === 'Never') return 'Failed';
    return 'Pending';
  }
  let running = 0, waiting = 0, stopped = 0, succeeded = 0;
  for (const c of main) {
    if (c.state.running) running++;
    else if (c.state.terminated) {
      stopped++;
      if (c.state.terminated.exitCode === 0) succeeded++;
    } else if (c.lastState.terminated) stopped++; // waiting to restart (CrashLoopBackOff)
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

export interface PodCondition {
  type: string;
  status: 'True' | 'False';
  reason?: string;
  message?: string;
  lastProbeTime: null;
  lastTransitionTime: string;
}

/**
 * The kubelet's conditions, in the order `kubectl describe` lists them on a 1.32 cluster:
 * PodReadyToStartContainers, Initialized, Ready, ContainersReady, then the scheduler's PodScheduled.
 */
export function podConditions(
  old: PodCondition[], now: number, phase: string, sandboxReady: boolean,
  init: ContainerStatusView[], main: ContainerStatusView[],
): PodCondition[] {
  const keep = (type: string, status: 'True' | 'False', reason?: string, message?: string): PodCondition => {
    const prev = old.find((c) => c.type === type);
    const c: PodCondition = { type, status, lastProbeTime: null, lastTransitionTime: prev?.status === status ? prev.lastTransitionTime : rfc3339(now) };
    if (reason) c.reason = reason;
    if (message) c.message = message;
    return c;
  };
  const pendingInit = init.filter((c) => !(c.state.terminated && c.state.terminated.exitCode === 0)).map((c) => c.name);
  const notReady = main.filter((c) => !c.ready).map((c) => c.name);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const initialized = pendingInit.length === 0 || terminal;
  const conds: PodCondition[] = [
    keep('PodReadyToStartContainers', sandboxReady ? 'True' : 'False'),
    initialized ? keep('Initialized', 'True') : keep('Initialized', 'False', 'ContainersNotInitialized', `containers with incomplete status: [${pendingInit.join(' ')}]`),
  ];
  // generate.go: a finished pod's containers are not ready, with reason PodCompleted.
  const readyCond = (type: string) =>
    terminal && notReady.length ? keep(type, 'False', 'PodCompleted')
      : notReady.length ? keep(type, 'False', 'ContainersNotReady', `containers with unready status: [${notReady.join(' ')}]`)
        : keep(type, 'True');
  conds.push(readyCond('Ready'), readyCond('ContainersReady'));
  const scheduled = old.find((c) => c.type === 'PodScheduled');
  if (scheduled) conds.push(scheduled);
  // status_manager.go mergePodStatus: conditions the kubelet does not own (DisruptionTarget set by
  // the scheduler's preemption, readiness gates) are kept.
  const own = new Set(conds.map((c) => c.type));
  return [...conds, ...old.filter((c) => !own.has(c.type) && c.type !== 'PodScheduled')];
}
