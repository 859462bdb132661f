/**
 * Throughput milestones of the SQS experiment in the kit's source notes (seed 000, "AWS SQS until it
 * breaks"): what the original experiment measured on the author's laptop and on EKS, against the goal.
 * These are the author's figures, quoted; notebook 04 reproduces the journey with figures measured here.
 */
export interface Milestone {
  step: string;
  /** Messages per second, as the original experiment measured. */
  rate: number;
  kind: 'goal' | 'measured';
}

export const seedSqsMilestones: Milestone[] = [
  { step: 'goal: 1,000,000 msgs in 100 s', rate: 10_000, kind: 'goal' },
  { step: 'thread pool', rate: 333, kind: 'measured' },
  { step: 'multiprocessing (laptop limit)', rate: 1_600, kind: 'measured' },
  { step: 'Job, parallelism 20: send', rate: 4_300, kind: 'measured' },
  { step: 'Job, parallelism 20: receive', rate: 5_000, kind: 'measured' },
];
