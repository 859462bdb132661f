/**
 * Typed manifest builders: a Pod, Job, CronJob or Deployment from a few options, typed with
 * @kubernetes/client-node's models, so an editor completes the fields and `apply` takes them as is.
 * Fields left out are left out of the object (the API server fills its defaults), so the YAML a
 * builder's object prints is the YAML a learner would write.
 */
// @ts-ignore TS1541: the plain import keeps the emitted .d.ts readable by tslab's TypeScript 5.0
// (it resolves with node10 and cannot parse a resolution-mode attribute); the types still resolve.
import type { V1Container, V1CronJob, V1Deployment, V1Job, V1JobSpec, V1ObjectMeta, V1Pod, V1PodSpec } from '@kubernetes/client-node';

/** A built object: apiVersion, kind and metadata.name are always set. */
export type Built<T> = T & { apiVersion: string; kind: string; metadata: V1ObjectMeta & { name: string } };

export interface ContainerOptions {
  image: string;
  /** The container's name; default: the object's name. */
  container?: string;
  command?: string[];
  args?: string[];
  /** Environment variables, in order. */
  env?: Record<string, string>;
  /** Resource requests and limits, e.g. `{ requests: { cpu: '500m', memory: '64Mi' } }`. */
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

export interface ObjectOptions {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export type PodOptions = ObjectOptions & ContainerOptions & {
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  nodeSelector?: Record<string, string>;
};

export type JobOptions = ObjectOptions & ContainerOptions & {
  /** Default: Never (a Job accepts Never or OnFailure). */
  restartPolicy?: 'OnFailure' | 'Never';
  completions?: number;
  parallelism?: number;
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  completionMode?: 'NonIndexed' | 'Indexed';
  ttlSecondsAfterFinished?: number;
  /** Any other JobSpec fields (podFailurePolicy, successPolicy, …), merged last. */
  spec?: Partial<V1JobSpec>;
};

export type CronJobOptions = JobOptions & {
  schedule: string;
  concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  startingDeadlineSeconds?: number;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  suspend?: boolean;
  timeZone?: string;
};

export type DeploymentOptions = ObjectOptions & ContainerOptions & {
  /** Default 1 (the server's default too). */
  replicas?: number;
  /** Pod labels and selector; default `{ app: <name> }`. */
  selector?: Record<string, string>;
};

/** Drops undefined fields, so the object reads (and prints) as hand-written YAML. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function metadata(o: ObjectOptions): V1ObjectMeta & { name: string } {
  return defined({ name: o.name, namespace: o.namespace, labels: o.labels, annotations: o.annotations });
}

function container(name: string, o: ContainerOptions): V1Container {
  return defined({
    name: o.container ?? name,
    image: o.image,
    command: o.command,
    args: o.args,
    env: o.env && Object.entries(o.env).map(([n, value]) => ({ name: n, value })),
    resources: o.resources,
  });
}

function podSpec(o: ContainerOptions & { name: string; restartPolicy?: string; nodeSelector?: Record<string, string> }): V1PodSpec {
  return defined({ restartPolicy: o.restartPolicy, nodeSelector: o.nodeSelector, containers: [container(o.name, o)] });
}

export function podManifest(o: PodOptions): Built<V1Pod> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: metadata(o), spec: podSpec(o) };
}

function jobSpec(o: JobOptions): V1JobSpec {
  return defined({
    completions: o.completions,
    parallelism: o.parallelism,
    backoffLimit: o.backoffLimit,
    activeDeadlineSeconds: o.activeDeadlineSeconds,
    completionMode: o.completionMode,
    ttlSecondsAfterFinished: o.ttlSecondsAfterFinished,
    template: { spec: podSpec({ ...o, restartPolicy: o.restartPolicy ?? 'Never' }) },
    ...o.spec,
  });
}

/** A Job: `jobManifest({ name: 'pi', image: 'perl', command: [...], completions: 5, parallelism: 2 })`. */
export function jobManifest(o: JobOptions): Built<V1Job> {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: metadata(o), spec: jobSpec(o) };
}

/** A CronJob whose Jobs are built from the same options as jobManifest's. */
export function cronJobManifest(o: CronJobOptions): Built<V1CronJob> {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: metadata(o),
    spec: defined({
      schedule: o.schedule,
      timeZone: o.timeZone,
      concurrencyPolicy: o.concurrencyPolicy,
      startingDeadlineSeconds: o.startingDeadlineSeconds,
      successfulJobsHistoryLimit: o.successfulJobsHistoryLimit,
      failedJobsHistoryLimit: o.failedJobsHistoryLimit,
      suspend: o.suspend,
      jobTemplate: { spec: jobSpec(o) },
    }),
  };
}

/** A Deployment whose selector and pod labels are `{ app: <name> }` unless given. */
export function deploymentManifest(o: DeploymentOptions): Built<V1Deployment> {
  const labels = o.selector ?? { app: o.name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(o),
    spec: defined({
      replicas: o.replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: podSpec({ ...o, restartPolicy: undefined }) },
    }),
  };
}
