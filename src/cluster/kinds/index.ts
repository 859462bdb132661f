/**
 * The kinds the embedded cluster serves. Each file holds one kind's defaults, validation and
 * `kubectl get` columns; `defaultKinds()` registers them all. A later kind (Service, Endpoints)
 * is one more file and one more `register` line.
 */
import { cronJob } from './cronjob';
import { daemonSet } from './daemonset';
import { configMap, namespace, node, secret, serviceAccount } from './core-simple';
import { deployment, replicaSet } from './deployment';
import { event } from './event';
import { job } from './job';
import { pod } from './pod';
import { KindRegistry } from './registry';

export * from './registry';
export { humanDuration, since, age, at } from './printing';
export { podStatusReason, defaultPodSpec, podSpecErrors } from './pod';
export { jobStatusColumn, JobNameLabel, ControllerUidLabel, LegacyJobNameLabel, LegacyControllerUidLabel } from './job';
export { dns1123LabelErrors, dns1123SubdomainErrors, metadataErrors } from './meta';
export { pod, job, cronJob, deployment, replicaSet, daemonSet, namespace, node, configMap, secret, serviceAccount, event };

export function defaultKinds(): KindRegistry {
  const r = new KindRegistry();
  for (const d of [namespace, node, pod, event, configMap, secret, serviceAccount, deployment, replicaSet, daemonSet, job, cronJob]) r.register(d);
  return r;
}
