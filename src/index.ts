/**
 * cloud-study-kit's library. Notebooks import it as `cloud-study-kit` (the compiled dist/,
 * with types); topics are also importable one by one, e.g. `cloud-study-kit/display`.
 */
export * from './display';
export * as finops from './finops';
export * as quiz from './quiz';
