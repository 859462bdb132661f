/** The embedded SQS endpoint: fauxqs in process, on 127.0.0.1, with latency and fault injection. */
export { startEndpoint, createDeclaredQueues, applyDeclaredQueues, type SqsEndpoint, type EndpointOptions, type QueueDepth } from './start';
export { loadSqsConfig, parseSqsConfig, creationOrder, type SqsConfig, type QueueDecl } from './config';
export { Injector, seededRandom, type LatencySpec, type FaultSpec, type InjectedCounts } from './inject';
export { service } from './service';
