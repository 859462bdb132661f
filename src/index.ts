/**
 * cloud-study-kit's library. Notebooks import it as `cloud-study-kit` (the compiled dist/, with
 * types). Display helpers and the environment check are at the top level; each topic is a namespace.
 */
export * from './display';
export { checkEnvironment, readiness, renderReadiness, type Check } from './env';
export * from './welcome';
export * as finops from './finops';
export * as quiz from './quiz';
export * as sqs from './sqs';
export * as cluster from './cluster';
export * as kube from './kube';
export * as batch from './batch';
