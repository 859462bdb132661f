/**
 * Kubernetes helpers on @kubernetes/client-node that work unchanged against the embedded cluster
 * or any KUBECONFIG context: connect (embedded by default, real clusters only when allowed),
 * describeTarget, apply, waitFor, watch, podLogs.
 */
export { connect, describeTarget, formatTarget, assertAllowed, describeTargetOf } from './client';
export type { ConnectOptions, ClusterTarget, KubeClient } from './client';
export { apply, parseManifests, watch, waitFor, hasCondition, podLogs, collectionPath } from './objects';
export type { Manifest, ApplyResult, WatchEvent } from './objects';
