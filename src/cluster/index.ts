/**
 * The embedded lab cluster: a small Kubernetes in TypeScript that real kubectl and
 * @kubernetes/client-node drive. See README.md in this folder for how the pieces fit.
 */
export { EmbeddedCluster, builtInControllers, InitialNamespaces } from './cluster';
export type { ClusterOptions } from './cluster';
export { VirtualClock, ManualClock, rfc3339 } from './clock';
export type { Clock, TimerHandle } from './clock';
export { ClusterApi } from './apiserver/api';
export { LogSink } from './apiserver/log-sink';
export { ControllerManager, keyOf, splitKey, controllerOwnerKeys } from './controllers/manager';
export type { Controller, ControllerContext, ReconcileResult, WatchSpec } from './controllers/manager';
export { registerNodes } from './nodes';
export { service } from './service';
export { runCluster, runningCluster } from './run';
export type { RunningCluster, RunningClusterInfo } from './run';
export type { NodePoolOptions } from './nodes';
export { ApiError, isApiError } from './store';
export type { KubeObject, ObjectMeta, OwnerReference, WatchEvent } from './store';
