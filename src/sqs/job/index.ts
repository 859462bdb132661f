/** SQS on the cluster: the seed's parallelism-20 Job experiment and seed 004's work-queue pattern. */
export { runSqsJobExperiment, runSingleProcess, sqsJobManifests, compareWithSingleProcess, experimentSpans, phaseRows, SQS_JOB_MANIFEST, type SqsJobOptions, type SqsJobExperiment, type JobPhase, type PodShare, type ComparisonRow } from './experiment';
export { runJobWatched, deleteJobAndPods, type JobOutcome, type PodLife } from './jobs';
export { runPrimeWorkQueue, splitRange, primeJobManifest, checkPrimes, type PrimeWorkQueueOptions, type PrimeWorkQueueRun, type PrimeCheck, type ItemResult, type PrimeWorkItem, type PrimeResult } from './work-queue';
