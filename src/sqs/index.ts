/** SQS without an AWS account: an embedded endpoint (fauxqs) and a load tester that also runs against real SQS. */
export * from './endpoint';
export * from './load';
export { sqsClient, AttemptLog, errorType, checkAwsCredentials, type SqsClientOptions } from './client';
export * from './job';
