/**
 * The controllers that make pods run: scheduler, kubelet, ReplicaSet and Deployment. cluster.ts
 * adds them to its built-in list; the factories are shared so a test can tell whether it has to add them.
 */
import type { Controller } from './manager';
import { deploymentController } from './deployment';
import { kubeletController } from './kubelet';
import { replicaSetController } from './replicaset';
import { schedulerController } from './scheduler';

export const runScheduler = (): Controller => schedulerController();
export const runKubelet = (): Controller => kubeletController();
export const runReplicaSets = (): Controller => replicaSetController();
export const runDeployments = (): Controller => deploymentController();

export const runtimeControllers: Array<() => Controller> = [runScheduler, runKubelet, runReplicaSets, runDeployments];
