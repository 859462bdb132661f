import { fargatePodCost, fargatePodSize } from './fargate';
import { idleJobPodCost } from './idle-pods';
import { estimateSqsCost } from './sqs';
import { costPerThousand } from './unit-economics';
import { HOURS_PER_MONTH } from './prices';

export interface LabCost {
  lab: string;
  what: string;
  assumptions: string;
  usd: number;
}

/**
 * What the kit's own labs would cost on real AWS (us-east-1), priced with the same functions the
 * quiz uses. The EKS control plane and data transfer are not priced here (no sourced figure in the kit).
 */
export function labCosts(): LabCost[] {
  const small = fargatePodSize([{ vcpu: 0.25, memoryMiB: 256 }]);
  const worker = fargatePodSize([{ vcpu: 0.5, memoryMiB: 512 }]);
  // The original experiment: 1.2 M messages of 10 KB in batches of 10, a Job with parallelism 20, 4 m 23 s.
  const sqs = estimateSqsCost({ messages: 1_200_000, bodyBytes: 10 * 1024, batchSize: 10, freeTierRemaining: 0 });
  const workers = 20 * fargatePodCost(worker, 263).usd;
  const coredns = 2 * fargatePodCost(fargatePodSize([{ vcpu: 0.1, memoryMiB: 70 }]), HOURS_PER_MONTH * 3600).usd;
  return [
    { lab: 'Jobs: the pi Job', what: '5 completions, 30 s each, on Fargate', assumptions: '0.25 vCPU / 256 Mi requested → 0.25 vCPU / 0.5 GB; 1-minute minimum', usd: 5 * fargatePodCost(small, 30).usd },
    { lab: 'Jobs: pi pods left finished', what: '5 finished pods kept a week (no ttlSecondsAfterFinished)', assumptions: 'billed like running pods until deleted', usd: idleJobPodCost({ pods: 5, size: small, idleHours: 24 * 7 }).usd },
    { lab: 'NodeLess EKS: CoreDNS on Fargate', what: '2 replicas for a month', assumptions: 'requests 100m / 70Mi → 0.25 vCPU / 0.5 GB; 730 h', usd: coredns },
    { lab: 'SQS load test: requests', what: '1.2 M messages, 10 KB, batches of 10', assumptions: `send + receive + delete = ${sqs.billedRequests.toLocaleString('en-US')} requests; free tier already used`, usd: sqs.usd },
    { lab: 'SQS load test: workers', what: 'Job with parallelism 20 for 4 m 23 s', assumptions: '0.5 vCPU / 512 Mi → 0.5 vCPU / 1 GB each', usd: workers },
    { lab: 'SQS load test: unit cost', what: 'cost per 1,000 messages (requests + workers)', assumptions: 'the two lines above / 1.2 M × 1,000', usd: costPerThousand(sqs.usd + workers, 1_200_000) },
  ];
}
