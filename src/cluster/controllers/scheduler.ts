/**
 * The scheduler as a controller (pkg/scheduler/schedule_one.go, scheduleOne): for each pending
 * pod that names the default scheduler, run one scheduling cycle (src/cluster/scheduler) and
 * either bind the pod to the chosen node or record why it cannot run anywhere.
 * Pods naming another scheduler (e.g. fargate-scheduler) are left for that scheduler.
 */
import { rfc3339 } from '../clock';
import { schedulePod, type SchedulerNode, type SchedulerPod } from '../scheduler';
import type { KubeObject } from '../store';
import { keyOf, splitKey, type Controller, type ControllerContext } from './manager';

export const DefaultSchedulerName = 'default-scheduler';

/** A key that means "try every unschedulable pod again" (the scheduling queue's MoveAllToActiveOrBackoffQueue). */
const RETRY_ALL = '~retry-unschedulable';
/** scheduling_queue.go: podMaxInUnschedulablePodsDuration, after which a pod is retried anyway. */
const UNSCHEDULABLE_RETRY_MS = 5 * 60_000;

function isOurs(pod: KubeObject): boolean {
  const spec = (pod.spec ?? {}) as { nodeName?: string; schedulerName?: string };
  return !spec.nodeName && (spec.schedulerName ?? DefaultSchedulerName) === DefaultSchedulerName && !pod.metadata.deletionTimestamp;
}

function isTerminal(pod: KubeObject | undefined): boolean {
  const phase = (pod?.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

type Condition = { type: string; status: string; reason?: string; message?: string; lastProbeTime: null; lastTransitionTime: string };

/** Sets the PodScheduled condition, keeping lastTransitionTime when the status does not change. */
function withScheduledCondition(pod: KubeObject, status: 'True' | 'False', now: number, reason?: string, message?: string): KubeObject {
  const st = (pod.status ??= {}) as { conditions?: Condition[] };
  const conditions = (st.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  const old = (st.conditions ?? []).find((c) => c.type === 'PodScheduled');
  const cond: Condition = { type: 'PodScheduled', status, lastProbeTime: null, lastTransitionTime: old?.status === status ? old.lastTransitionTime : rfc3339(now) };
  if (reason) cond.reason = reason;
  if (message) cond.message = message;
  st.conditions = [...conditions, cond];
  return pod;
}

export function schedulerController(opts: { random?: () => number } = {}): Controller {
  return {
    name: DefaultSchedulerName,
    watches: [
      {
        kind: 'Pod',
        keys: (e) => {
          // A pod that leaves (or finishes) frees room on its node: retry the unschedulable ones.
          const freed = e.type === 'DELETED' || isTerminal(e.object);
          if (freed && (e.object.spec as { nodeName?: string })?.nodeName) return [RETRY_ALL];
          return e.type !== 'DELETED' && isOurs(e.object) ? [keyOf(e.object)] : [];
        },
      },
      // A node added, changed (labels, taints) or uncordoned may fit pods that did not fit.
      { kind: 'Node', keys: () => [RETRY_ALL] },
    ],
    async reconcile(key, ctx) {
      if (key === RETRY_ALL) {
        for (const p of ctx.api.list('Pod').items) if (isOurs(p)) ctx.enqueue(keyOf(p));
        return;
      }
      const { namespace, name } = splitKey(key);
      const pod = ctx.api.tryGet('Pod', namespace, name);
      if (!pod || !isOurs(pod)) return;
      return scheduleOne(pod, ctx, opts.random);
    },
  };
}

async function scheduleOne(pod: KubeObject, ctx: ControllerContext, random?: () => number): Promise<{ requeueAfter: number } | void> {
  const nodes = ctx.api.list('Node').items as unknown as SchedulerNode[];
  const pods = ctx.api.list('Pod').items as unknown as SchedulerPod[];
  const result = schedulePod(pod as unknown as SchedulerPod, nodes, pods, { random });
  const podName = `${pod.metadata.namespace}/${pod.metadata.name}`;
  if (!result.scheduled) {
    // schedule_one.go handleSchedulingFailure: event, then PodScheduled=False/Unschedulable.
    await ctx.recordEvent(pod, 'Warning', 'FailedScheduling', result.message);
    const cur = withScheduledCondition(pod, 'False', ctx.clock.now(), 'Unschedulable', result.message);
    await ctx.api.updateStatus(cur);
    return { requeueAfter: UNSCHEDULABLE_RETRY_MS };
  }
  // The Binding (pkg/registry/core/pod/storage/storage.go, BindingREST.assignPod): sets
  // spec.nodeName directly in storage, not through pod-update validation; then PodScheduled=True.
  const bound = await ctx.api.store.update('Pod', { ...pod, spec: { ...(pod.spec as object), nodeName: result.nodeName } });
  await ctx.api.updateStatus(withScheduledCondition(bound, 'True', ctx.clock.now()));
  await ctx.recordEvent(bound, 'Normal', 'Scheduled', `Successfully assigned ${podName} to ${result.nodeName}`);
}
