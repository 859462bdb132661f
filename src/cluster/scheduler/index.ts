export type {
  SchedulerPod, SchedulerNode, Taint, TaintEffect, Toleration, NodeAffinity, NodeSelectorTerm, NodeSelectorRequirement, FilterStatus, FilterCode,
} from './types';
export { schedulePod, scheduleOnNodeInfos, selectHost, type ScheduleOptions, type ScheduleResult } from './schedule';
export { SchedulerCache } from './cache';
export {
  runFilters, toleratesTaint, toleratedBy, matchesRequirement, matchesTerm, matchesNodeSelectorAndAffinity, insufficientResources,
  DEFAULT_FILTERS, ERR_REASON_UNSCHEDULABLE, ERR_REASON_NODE_NAME, ERR_REASON_POD_AFFINITY_SELECTOR, ERR_REASON_TOO_MANY_PODS,
  TAINT_NODE_UNSCHEDULABLE, type FilterPlugin,
} from './filters';
export { scoreNodes, leastAllocatedScore, balancedAllocationScore, normalize, SCORE_WEIGHTS, MAX_NODE_SCORE, type NodeScore } from './score';
export { buildNodeInfos, nonZeroRequests, isTerminal, DEFAULT_MILLI_CPU_REQUEST, DEFAULT_MEMORY_REQUEST, type NodeInfo } from './node-info';
export { fitErrorMessage, histogramMessage, reasonHistogram, ERR_NO_NODES_AVAILABLE, PREEMPTION_NOT_HELPFUL, NO_PREEMPTION_VICTIMS } from './fit-error';
export { preempt, selectVictimsOnNode, type PreemptionOutcome } from './preemption';
