/**
 * The controllers that make pods run: scheduler, kubelet, ReplicaSet, Deployment and DaemonSet. cluster.ts
 * runs them unless a cluster starts with `runtime: false` (tests that finish pods by hand).
 */
import type { Controller } from './manager';
import { daemonSetController } from './daemonset';
import { deploymentController } from './deployment';
import { kubeletController } from './kubelet';
import { replicaSetController } from './replicaset';
import { schedulerController } from './scheduler';

export const runScheduler = (): Controller => schedulerController();
export const runKubelet = (): Controller => kubeletController();
export const runReplicaSets = (): Controller => replicaSetController();
export const runDeployments = (): Controller => deploymentController();
export const runDaemonSets = (): Controller => daemonSetController();

export const runtimeControllers: Array<() => Controller> = [runScheduler, runKubelet, runReplicaSets, runDeployments, runDaemonSets];
