/** Controllers of the embedded cluster and the manager that runs them. */
export * from './manager';
export { WorkQueue } from './workqueue';
export { garbageCollector, FinalizerDeleteDependents, FinalizerOrphanDependents } from './garbage-collector';
export { serviceAccountController, DefaultServiceAccountName } from './serviceaccount';
export { namespaceController } from './namespace';
