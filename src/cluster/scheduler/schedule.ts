import { podRequests } from '../resources';
import { runFilters } from './filters';
import { buildNodeInfos, type NodeInfo } from './node-info';
import { ERR_NO_NODES_AVAILABLE, fitErrorMessage } from './fit-error';
import { preempt } from './preemption';
import { scoreNodes, type NodeScore } from './score';
import type { FilterStatus, SchedulerNode, SchedulerPod } from './types';

/**
 * One scheduling cycle for one pod (pkg/scheduler/schedule_one.go, schedulePod): filter every
 * node, score the feasible ones, pick the highest. Pure: the controller reads nodes and pods from
 * the store, calls this, then binds the pod or records FailedScheduling.
 */

export interface ScheduleOptions {
  /**
   * Breaks ties between nodes with the same score. Upstream picks one at random (selectHost,
   * reservoir sampling); without this the first by name wins, so results are repeatable.
   * Pass a seeded generator (e.g. the quiz's mulberry32 `rng(seed)`) for random but repeatable picks.
   */
  random?: () => number;
}

export type ScheduleResult =
  | { scheduled: true; nodeName: string; scores: NodeScore[] }
  | {
      scheduled: false;
      /** The FailedScheduling event message, as kube-scheduler writes it. */
      message: string;
      /** Why each node was filtered out. */
      filtered: Record<string, FilterStatus>;
      /** Set when evicting `victims` (lower-priority pods) on this node would make room. */
      nominatedNodeName?: string;
      victims: SchedulerPod[];
    };

/**
 * Schedules `pod` onto one of `nodes`, given every pod in the cluster (`pods`, bound or not; only
 * pods bound to a node and not finished count against it).
 */
export function schedulePod(pod: SchedulerPod, nodes: SchedulerNode[], pods: SchedulerPod[], opts: ScheduleOptions = {}): ScheduleResult {
  const sorted = [...nodes].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  const others = pods.filter((p) => !(p.metadata.name === pod.metadata.name && (p.metadata.namespace ?? 'default') === (pod.metadata.namespace ?? 'default')));
  return scheduleOnNodeInfos(pod, buildNodeInfos(sorted, others), opts);
}

/**
 * The same cycle on NodeInfos already built (sorted by node name), as the scheduler controller
 * keeps them in its SchedulerCache. The infos are only read.
 */
export function scheduleOnNodeInfos(pod: SchedulerPod, infos: NodeInfo[], opts: ScheduleOptions = {}): ScheduleResult {
  if (infos.length === 0) return { scheduled: false, message: ERR_NO_NODES_AVAILABLE, filtered: {}, victims: [] };
  const podReq = podRequests(pod.spec);
  const statuses = new Map<string, FilterStatus>();
  const feasible = infos.filter((info) => {
    const status = runFilters(pod, info, podReq);
    if (status) statuses.set(info.node.metadata.name, status);
    return !status;
  });
  if (feasible.length === 0) {
    const outcome = preempt(pod, infos, statuses);
    return {
      scheduled: false,
      message: fitErrorMessage([...statuses.values()], outcome.message),
      filtered: Object.fromEntries(statuses),
      nominatedNodeName: outcome.nominatedNodeName,
      victims: outcome.victims,
    };
  }
  // schedule_one.go: with a single feasible node there is nothing to score.
  const scores = feasible.length === 1 ? [{ node: feasible[0].node.metadata.name, total: 0, plugins: {} }] : scoreNodes(pod, feasible, podReq);
  return { scheduled: true, nodeName: selectHost(scores, opts.random), scores };
}

/** selectHost: the highest total; ties go to reservoir sampling when `random` is given, else to the first. */
export function selectHost(scores: NodeScore[], random?: () => number): string {
  let best = scores[0];
  let ties = 1;
  for (const s of scores.slice(1)) {
    if (s.total > best.total) {
      best = s;
      ties = 1;
    } else if (s.total === best.total && random) {
      ties++;
      if (Math.floor(random() * ties) === 0) best = s;
    }
  }
  return best.node;
}
