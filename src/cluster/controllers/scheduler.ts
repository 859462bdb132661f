/**
 * The scheduler as a controller (pkg/scheduler/schedule_one.go, scheduleOne): for each pending
 * pod that names the default scheduler, run one scheduling cycle (src/cluster/scheduler) and
 * either bind the pod to the chosen node or record why it cannot run anywhere.
 * Pods naming another scheduler (e.g. fargate-scheduler) are left for that scheduler.
 *
 * What is already on each node comes from the SchedulerCache, which pod and node events keep
 * up to date (eventhandlers.go addPodToCache / updatePodInCache / deletePodFromCache), not
 * from a list of every pod per placement.
 */
import { rfc3339 } from '../clock';
import { scheduleOnNodeInfos, SchedulerCache, type SchedulerNode, type SchedulerPod } from '../scheduler';
import { isApiError, type KubeObject } from '../store';
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
  const cache = new SchedulerCache();
  return {
    name: DefaultSchedulerName,
    setup(ctx) {
      ctx.informers.informer('Node').addEventHandler((e) => {
        if (e.type === 'DELETED') cache.removeNode(e.object.metadata.name ?? '');
        else cache.updateNode(e.object as unknown as SchedulerNode);
      });
      ctx.informers.pods.addEventHandler((e) => {
        if (e.type === 'DELETED') cache.removePod(e.object as unknown as SchedulerPod);
        else cache.updatePod(e.object as unknown as SchedulerPod);
      });
    },
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
        for (const p of ctx.informers.pods.list()) if (isOurs(p)) ctx.enqueue(keyOf(p));
        return;
      }
      const { namespace, name } = splitKey(key);
      // Most keys are pods already bound or gone: look before copying.
      const pod = ctx.api.tryGet('Pod', namespace, name, { shared: true });
      if (!pod || !isOurs(pod)) return;
      return scheduleOne(structuredClone(pod), cache, ctx, opts.random);
    },
  };
}

/**
 * preemption.go prepareCandidate: each victim gets the DisruptionTarget condition (reason
 * PreemptionByScheduler, so a Job's podFailurePolicy can match it), is deleted (graceful, as
 * util.DeletePod) and gets a Preempted event. While a chosen victim is still terminating, nothing
 * more is evicted (PodEligibleToPreemptOthers: the preemptor waits for it instead of choosing more).
 */
async function preemptVictims(pod: KubeObject, nodeName: string, victims: SchedulerPod[], ctx: ControllerContext): Promise<void> {
  const scheduler = (pod.spec as { schedulerName?: string }).schedulerName ?? DefaultSchedulerName;
  const current = victims.map((v) => ctx.api.tryGet('Pod', v.metadata.namespace, v.metadata.name));
  if (current.some((v) => v?.metadata.deletionTimestamp)) return;
  for (const victim of current) {
    if (victim && (await markAndDelete(victim, scheduler, ctx))) {
      await ctx.recordEvent(victim, 'Normal', 'Preempted', `Preempted by pod ${pod.metadata.uid} on node ${nodeName}`);
    }
  }
}

/** DisruptionTarget on the victim (again on a Conflict, from a fresh read), then the graceful delete; false when it is gone. */
async function markAndDelete(first: KubeObject, scheduler: string, ctx: ControllerContext): Promise<boolean> {
  const { namespace, name = '' } = first.metadata;
  for (let attempt = 0, victim: KubeObject | undefined = first; ; attempt++, victim = ctx.api.tryGet('Pod', namespace, name)) {
    if (!victim || victim.metadata.deletionTimestamp) return false;
    const st = (victim.status ??= {}) as { conditions?: Array<Record<string, unknown>> };
    st.conditions = [...(st.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), {
      type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(ctx.clock.now()),
      reason: 'PreemptionByScheduler', message: `${scheduler}: preempting to accommodate a higher priority pod`,
    }];
    try {
      await ctx.api.updateStatus(victim);
      await ctx.api.delete('Pod', namespace, name);
      return true;
    } catch (e) {
      if (isApiError(e) && e.reason === 'NotFound') return false;
      // The kubelet wrote the pod's status meanwhile: read it again and retry.
      if (!(isApiError(e) && e.reason === 'Conflict' && attempt < 5)) throw e;
    }
  }
}

async function scheduleOne(pod: KubeObject, cache: SchedulerCache, ctx: ControllerContext, random?: () => number): Promise<{ requeueAfter: number } | void> {
  const result = scheduleOnNodeInfos(pod as unknown as SchedulerPod, cache.nodeInfos(), { random });
  const podName = `${pod.metadata.namespace}/${pod.metadata.name}`;
  if (!result.scheduled) {
    if (result.nominatedNodeName && result.victims.length) await preemptVictims(pod, result.nominatedNodeName, result.victims, ctx);
    // schedule_one.go handleSchedulingFailure: event, then PodScheduled=False/Unschedulable (and the
    // nominated node, where the victims are going).
    await ctx.recordEvent(pod, 'Warning', 'FailedScheduling', result.message);
    const cur = withScheduledCondition(pod, 'False', ctx.clock.now(), 'Unschedulable', result.message);
    if (result.nominatedNodeName) (cur.status as { nominatedNodeName?: string }).nominatedNodeName = result.nominatedNodeName;
    await ctx.api.updateStatus(cur);
    return { requeueAfter: UNSCHEDULABLE_RETRY_MS };
  }
  // The Binding (pkg/registry/core/pod/storage/storage.go, BindingREST.assignPod): sets
  // spec.nodeName and PodScheduled=True in one write, directly in storage (no pod-update validation).
  const bound = withScheduledCondition({ ...pod, spec: { ...(pod.spec as object), nodeName: result.nodeName } }, 'True', ctx.clock.now());
  // schedule_one.go: assume the pod on its node, then bind in the background (the binding cycle),
  // so the next pod is scheduled without waiting for this write; the next cycle already counts it.
  cache.assumePod(bound as unknown as SchedulerPod);
  const binding = ctx.api.store.update('Pod', bound, { subresource: 'binding' });
  // The event is written once the binding is (as upstream), named as of now: the kubelet reacts to
  // the binding before this write, and its Pulling must not sort before Scheduled.
  const stamp = ctx.api.reserveEventStamp();
  ctx.go(async () => {
    try {
      const written = await binding;
      await ctx.recordEvent(written, 'Normal', 'Scheduled', `Successfully assigned ${podName} to ${result.nodeName}`, stamp);
    } catch (e) {
      // handleBindingCycleError: forget the assumed pod and schedule it again.
      cache.forgetPod(bound as unknown as SchedulerPod);
      ctx.enqueue(keyOf(pod));
      if (!(isApiError(e) && (e.reason === 'Conflict' || e.reason === 'NotFound'))) throw e;
    }
  });
}
