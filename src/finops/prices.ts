/**
 * Prices as data. Every figure carries the date it was read and where from, so a question or a
 * notebook can say "as of …". Headline discounts (Savings Plans, Spot) are not verified, so they are
 * never stored here: callers pass the discount rate explicitly.
 */
export const fargatePrices = {
  region: 'us-east-1',
  os: 'Linux/x86',
  perVcpuHour: 0.04048,
  perGbHour: 0.004445,
  /** Ephemeral storage beyond the free 20 GB. */
  storagePerGbHour: 0.000111,
  freeStorageGb: 20,
  /** Billed per second from image pull start, with a one-minute minimum. */
  minimumSeconds: 60,
  asOf: '2026',
  source: 'https://aws.amazon.com/fargate/pricing/ (and vantage.sh); facts: kubernetes-eks.md §4',
} as const;

export interface Ec2Type {
  readonly type: string;
  readonly vcpu: number;
  readonly memoryMiB: number;
  readonly maxPods: number;
  readonly perHour: number;
}

/** EC2 on-demand, Linux, us-east-1, from Karpenter's generated price table. */
export const ec2OnDemand = {
  region: 'us-east-1',
  asOf: '2026-07',
  source: "Karpenter's generated price table (zz_generated.pricing_aws.go); facts: kubernetes-eks.md §6",
  types: [
    { type: 'm5.large', vcpu: 2, memoryMiB: 8192, maxPods: 29, perHour: 0.096 },
    { type: 'm5.xlarge', vcpu: 4, memoryMiB: 16384, maxPods: 58, perHour: 0.192 },
    { type: 'c5.large', vcpu: 2, memoryMiB: 4096, maxPods: 29, perHour: 0.085 },
    { type: 'c5.xlarge', vcpu: 4, memoryMiB: 8192, maxPods: 58, perHour: 0.17 },
    { type: 'r5.large', vcpu: 2, memoryMiB: 16384, maxPods: 29, perHour: 0.126 },
    { type: 't3.medium', vcpu: 2, memoryMiB: 4096, maxPods: 17, perHour: 0.0416 },
    { type: 'm6i.large', vcpu: 2, memoryMiB: 8192, maxPods: 29, perHour: 0.096 },
    { type: 'm7g.large', vcpu: 2, memoryMiB: 8192, maxPods: 29, perHour: 0.0816 },
  ] as readonly Ec2Type[],
} as const;

export const sqsPrices = {
  /** Per million requests, first 100 billion a month. */
  standardPerMillion: 0.4,
  fifoPerMillion: 0.5,
  freeTierRequestsPerMonth: 1_000_000,
  /** Each 64 KB chunk of a payload is billed as one request. */
  chunkBytes: 64 * 1024,
  maxBatch: 10,
  asOf: '2026',
  source: 'secondary: cloudburn.io 2026, unanswered.io (aws.amazon.com/sqs/pricing/); facts: sqs-finops.md §Amazon SQS',
} as const;

/** Hours in a billing month as AWS prices count it (8,760 h / 12). */
export const HOURS_PER_MONTH = 730;
