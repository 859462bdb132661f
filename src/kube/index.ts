/**
 * Kubernetes helpers on @kubernetes/client-node that work unchanged against the embedded cluster
 * or any KUBECONFIG context: connect (embedded by default, real clusters only when allowed),
 * describeTarget, apply, waitFor, watch, podLogs; typed manifest builders (jobManifest, …) and
 * validateManifest, which checks a manifest with the embedded cluster's validation before applying it.
 */
export { connect, describeTarget, formatTarget, assertAllowed, describeTargetOf } from './client';
export type { ConnectOptions, ClusterTarget, KubeClient } from './client';
export { apply, parseManifests, watch, waitFor, hasCondition, podLogs, collectionPath } from './objects';
export type { Manifest, ManifestLike, ApplyResult, WatchEvent } from './objects';
export { podManifest, jobManifest, cronJobManifest, deploymentManifest } from './builders';
export type { Built, ContainerOptions, ObjectOptions, PodOptions, JobOptions, CronJobOptions, DeploymentOptions } from './builders';
export { validateManifest } from './validate';
export type { ManifestValidation } from './validate';
