/**
 * Helpers for the Batch Jobs notebook (01): a lab cluster in the kernel, running a Job to its
 * end, its pods as a timeline, backoff intervals, and the one-Job-per-item comparison.
 */
export { startLabCluster } from './lab-cluster';
export type { LabCluster, LabClusterOptions } from './lab-cluster';
export { runJob, readJobRun, jobPods, deleteJob } from './run-job';
export type { JobRun, JobCondition } from './run-job';
export { podTimeline, maxConcurrent, backoffIntervals, podFinishedAt } from './pods';
export { compareJobLayouts } from './compare';
export type { LayoutResult } from './compare';
export { piJob, normalEndJob, abnormalEndJob } from './manifests';
export { backoffDelay, DefaultJobPodFailureBackOffMs, MaxJobPodFailureBackOffMs } from '../cluster/controllers/job-backoff';
export { podRows, podRow, podsPerNode, nodePodCounts, waitVirtual, cronRuns, eventsFor } from './observe';
export type { PodRow, CronRun } from './observe';
export { workQueue } from './work-queue';
export type { WorkQueue } from './work-queue';
