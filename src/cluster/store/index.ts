/** The cluster's object store: objects in memory, a durable log on disk, watches with history. */
export * from './types';
export * from './errors';
export * from './selectors';
export { Store, deepEqual, deepFreeze, randomSuffix, objectKey, clusterStateDir } from './store';
export type { StoreOptions, ListOptions, WatchOptions, DeleteOptions, Watch } from './store';
export { DurableLog, parseLog, frame, writeFileAtomic, resetHint } from './durable-log';
export type { LogRecord, LogIO, Snapshot, ReplayResult } from './durable-log';
