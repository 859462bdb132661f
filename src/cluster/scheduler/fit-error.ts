import type { FilterStatus } from './types';

/**
 * The FailedScheduling message (pkg/scheduler/framework/types.go, FitError.Error): a histogram
 * of reasons, each "<count> <reason>", sorted as strings and joined by ", ", then the
 * preemption plugin's own histogram. It ends with a single period: kubernetes/kubernetes#117588
 * removed the doubled ".." that older releases print. Reason strings are those of 1.32 (later
 * releases shorten the taint reason to "node(s) had untolerated taint(s)").
 */

export const NO_NODE_AVAILABLE_MSG = (n: number) => `0/${n} nodes are available`;
// schedule_one.go: ErrNoNodesAvailable
export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';
// preemption/preemption.go
export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_PREEMPTION_VICTIMS = 'No preemption victims found for incoming pod';
export const PREEMPTION_POLICY_NEVER = 'not eligible due to preemptionPolicy=Never';

/** "<count> <reason>" for every reason, sorted as Go's sort.Strings does (byte order). */
export function reasonHistogram(reasonsPerNode: string[][]): string[] {
  const counts = new Map<string, number>();
  for (const reasons of reasonsPerNode) for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${n} ${r}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function histogramMessage(numNodes: number, reasonsPerNode: string[][]): string {
  const hist = reasonHistogram(reasonsPerNode);
  return `${NO_NODE_AVAILABLE_MSG(numNodes)}:` + (hist.length ? ` ${hist.join(', ')}.` : '');
}

/**
 * The whole message for a pod that fits nowhere. `postFilter` is the preemption plugin's part
 * without the "preemption: " prefix, or undefined when preemption found a way (then there is none).
 */
export function fitErrorMessage(statuses: FilterStatus[], postFilter: string | undefined): string {
  const main = histogramMessage(statuses.length, statuses.map((s) => s.reasons));
  return postFilter === undefined ? main : `${main} preemption: ${postFilter}`;
}
