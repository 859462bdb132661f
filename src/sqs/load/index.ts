/** The SQS load tester: producer, consumer and run mode, with HDR latencies and loss accounting. */
export { loadSend, loadReceive, loadRun, newRunId, endpointLabel, type LoadTarget, type SendOptions, type ReceiveOptions, type RunOptions } from './run';
export { produce, type ProducerOptions, type ProducerResult } from './producer';
export { consume, type ConsumerOptions, type ConsumerResult } from './consumer';
export { resolveQueues, queueDepth, dlqDepth, remainingDepth, listQueueDepths, type ResolvedQueue, type QueueRow } from './queues';
export { LoadStats, Latency, type Percentiles, type TimelinePoint } from './stats';
export { formatReport, writeResults, readResults, readTimelineCsv, timelineCsv, lossAccounting, type LoadReport, type LossAccounting } from './report';
export { makeBody, batchRequestBody, parseBody, MAX_BODY_BYTES, MIN_BODY_BYTES, type BodyHeader } from './body';
export { runPool } from './pool';
