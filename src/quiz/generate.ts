import { capacityProvisioned, compareSavingsPlan, fargateCombinations, ec2OnDemand, estimateSqsCost, fargatePodCost, fargatePodSize, fargatePrices, fullCoverageCommitment, idleJobPodCost, costPerThousand, sqsPrices, type FargateSize } from '../finops';
import { UserError } from '../cli/errors';
import { pick, rng, shuffle } from '../util/random';
import type { Bank, Question } from './types';

/**
 * Cost questions are generated, not written: each is a pure function of (kind, seed), and its answer
 * is computed by src/finops, the same functions the labs and notebooks use. The id encodes both, so
 * `cost-sqs-1234` always means the same question with the same answer.
 */
export const COST_KINDS = ['fargate-size', 'fargate-cost', 'savings-plan', 'sqs', 'idle-pods', 'unit-economics'] as const;
export type CostKind = (typeof COST_KINDS)[number];

/** The pseudo-bank the generated questions belong to (`kit quiz --bank cost`). */
export const costBank: Omit<Bank, 'questions' | 'dir'> = {
  name: 'cost',
  title: 'Cost questions computed from the kit’s pricing model',
  domains: [
    { id: 'fargate-size', title: 'Fargate pod sizing', weight: 1 },
    { id: 'fargate-cost', title: 'Fargate pod cost', weight: 1 },
    { id: 'savings-plan', title: 'EC2 on-demand vs Savings Plan', weight: 1 },
    { id: 'sqs', title: 'SQS request cost', weight: 1 },
    { id: 'idle-pods', title: 'Idle finished Job pods', weight: 1 },
    { id: 'unit-economics', title: 'Unit economics', weight: 1 },
  ],
};

const money = (x: number) => '$' + (Math.abs(x) < 1 ? x.toFixed(6) : x.toFixed(2));
const money4 = (x: number) => '$' + x.toFixed(4);
const n = (x: number) => x.toLocaleString('en-US');
const size = (s: FargateSize) => `${s.vcpu} vCPU / ${s.memoryGb} GB`;
const relTol = (x: number, floor: number) => Number(Math.max(floor, Math.abs(x) * 0.01).toPrecision(2));
const WITHIN = 'Answers within 1 % count.';
const FARGATE_SRC = 'https://aws.amazon.com/fargate/pricing/';
const priceNote = `(Fargate us-east-1 Linux/x86, ${fargatePrices.asOf}: $${fargatePrices.perVcpuHour} per vCPU-hour, $${fargatePrices.perGbHour} per GB-hour, per second with a 1-minute minimum)`;

function base(kind: CostKind, seed: number, ref: string): Pick<Question, 'id' | 'bank' | 'domain' | 'ref' | 'origin'> {
  return { id: `cost-${kind}-${seed}`, bank: 'cost', domain: kind, ref, origin: `generated:${kind}:${seed}` };
}

function requestPair(rand: () => number): { vcpu: number; memoryMiB: number } {
  const vcpu = pick([0.25, 0.5, 1, 1, 2, 2, 4], rand);
  // Memory right at a table step, so the +256 MiB often pushes the pod to the next size.
  const steps: Record<number, number[]> = { 0.25: [0.5, 1, 2], 0.5: [1, 2, 3, 4], 1: [2, 3, 4, 6, 8], 2: [4, 8, 12, 16], 4: [8, 16, 24, 30] };
  return { vcpu, memoryMiB: pick(steps[vcpu], rand) * 1024 };
}

/** The next supported size with more vCPU (same memory or the nearest above), a plausible over-estimate. */
function bigger(s: FargateSize): FargateSize {
  return fargateCombinations.find((c) => c.vcpu > s.vcpu && c.memoryGb >= s.memoryGb) ?? fargateCombinations[fargateCombinations.length - 1];
}

function fargateSize(seed: number): Question {
  const rand = rng(seed);
  const req = requestPair(rand);
  const right = fargatePodSize([req]);
  const naive = fargatePodSize([{ vcpu: req.vcpu, memoryMiB: req.memoryMiB - 256 }]); // forgets the +256 MiB
  const asked: FargateSize = { vcpu: req.vcpu, memoryGb: req.memoryMiB / 1024 };
  const candidates: Array<[FargateSize, string]> = [
    [naive, 'forgets the 256 MiB Fargate adds for the kubelet, kube-proxy and containerd before rounding'],
    [asked, 'is the request itself; Fargate adds 256 MiB and then rounds up to a supported combination'],
    [bigger(right), 'is a supported size but bigger than needed: Fargate picks the smallest combination that fits'],
    [{ vcpu: 16, memoryGb: 120 }, 'is the largest size; Fargate picks the smallest combination that fits'],
    [{ vcpu: 0.25, memoryGb: 0.5 }, 'is what a pod with no requests gets'],
  ];
  const key = (s: FargateSize) => `${s.vcpu}/${s.memoryGb}`;
  const seen = new Set([key(right)]);
  const wrongs = candidates.filter(([s]) => !seen.has(key(s)) && (seen.add(key(s)), true)).slice(0, 3);
  const opts = shuffle([[right, ''] as [FargateSize, string], ...wrongs], rand);
  const keys = opts.map((_, i) => String.fromCharCode(97 + i));
  const answer = keys[opts.findIndex(([s]) => key(s) === key(right))];
  return {
    ...base('fargate-size', seed, 'capability: Workload Optimization'),
    difficulty: 'medium',
    type: 'single',
    question: `A pod on EKS Fargate has one container requesting **${req.vcpu} vCPU** and **${req.memoryMiB / 1024} GiB** of memory. Which size does Fargate provision (and bill)?`,
    options: Object.fromEntries(opts.map(([s], i) => [keys[i], size(s)])),
    answer,
    explanation: `Fargate adds 256 MiB to the memory request (${req.memoryMiB} + 256 = ${req.memoryMiB + 256} MiB) and rounds up to the first supported vCPU/memory combination that fits both: **${size(right)}**. The pod's \`CapacityProvisioned\` annotation says \`${capacityProvisioned(right)}\`, and billing follows it.`,
    wrong: Object.fromEntries(opts.map(([s, why], i) => [keys[i], `${size(s)} ${why}.`]).filter(([k]) => k !== answer)),
    source: 'https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html',
  };
}

function fargateCost(seed: number): Question {
  const rand = rng(seed);
  const req = requestPair(rand);
  const pods = pick([1, 5, 10, 20, 50], rand);
  const seconds = pick([20, 45, 90, 263, 600, 1800, 3600], rand);
  const s = fargatePodSize([req]);
  const c = fargatePodCost(s, seconds);
  const total = pods * c.usd;
  return {
    ...base('fargate-cost', seed, 'capability: Planning & Estimating'),
    difficulty: 'hard',
    type: 'numeric',
    question: `A Job runs **${pods}** pod${pods > 1 ? 's' : ''} on EKS Fargate, each requesting ${req.vcpu} vCPU and ${req.memoryMiB / 1024} GiB, and each runs **${seconds} s**. What do the pods cost in USD? ${priceNote} ${WITHIN}`,
    answer: Number(total.toFixed(6)),
    tolerance: relTol(total, 0.000001),
    unit: 'USD',
    explanation: `Size: ${req.memoryMiB} MiB + 256 MiB rounds up to **${size(s)}**. Hourly rate: ${s.vcpu} × $${fargatePrices.perVcpuHour} + ${s.memoryGb} × $${fargatePrices.perGbHour} = $${c.perHour.toFixed(6)}. Billed time: ${seconds} s${seconds < 60 ? ' → the 1-minute minimum, 60 s' : ''}. Cost: ${pods} × $${c.perHour.toFixed(6)} × ${c.billedSeconds} / 3600 = **${money(total)}**.`,
    source: FARGATE_SRC,
  };
}

function savingsPlan(seed: number): Question {
  const rand = rng(seed);
  const t = pick(ec2OnDemand.types, rand);
  const count = pick([2, 4, 6, 10], rand);
  const hours = pick([730, 730, 500, 365], rand);
  const discount = pick([0.2, 0.25, 0.3, 0.4], rand);
  // Commit to a share of the fleet's discounted spend: under, exactly, or over what it uses.
  const commit = Number((fullCoverageCommitment(t.type, count, discount) * pick([0.5, 0.8, 1, 1.2], rand)).toFixed(4));
  const r = compareSavingsPlan({ instanceType: t.type, count, hoursPerMonth: hours, commitmentPerHour: commit, discountRate: discount, termYears: 1 });
  return {
    ...base('savings-plan', seed, 'capability: Rate Optimization'),
    difficulty: 'hard',
    type: 'numeric',
    question: `You run **${count} × ${t.type}** (on-demand $${t.perHour}/h, us-east-1, ${ec2OnDemand.asOf}) for **${hours} hours** of a 730-hour month. You buy a 1-year Savings Plan committing **$${commit}/h** at a **${discount * 100} %** discount. How much do you save per month compared with on-demand, in USD? (A loss is negative; answer to the cent.)`,
    answer: Number(r.savingsPerMonth.toFixed(4)),
    tolerance: 0.01,
    unit: 'USD',
    explanation: `On-demand: ${count} × $${t.perHour} × ${hours} h = ${money4(r.onDemandPerMonth)}. The commitment covers $${commit} / (1 − ${discount}) = $${(commit / (1 - discount)).toFixed(4)} of on-demand usage per hour, and it is paid for all 730 hours whether used or not: ${money4(r.withPlanPerMonth)}. Savings: **${money4(r.savingsPerMonth)}** per month${r.unusedCommitmentPerMonth > 0.005 ? `; ${money4(r.unusedCommitmentPerMonth)} of commitment bought nothing (${hours < 730 ? `the fleet ran only ${hours} h` : 'the commitment exceeds the discounted usage'})` : ''}. Commit to the steady baseline, not the peak.`,
    source: 'https://aws.amazon.com/savingsplans/faq/',
    note: 'The discount rate is an input here: headline Savings Plan discounts vary by instance family, term and payment option.',
  };
}

function sqs(seed: number): Question {
  const rand = rng(seed);
  const messages = pick([200_000, 1_000_000, 1_200_000, 5_000_000, 20_000_000], rand);
  const kb = pick([1, 10, 10, 32, 60], rand);
  const batchSize = pick([1, 10, 10], rand);
  const fifo = rand() < 0.3;
  const fresh = rand() < 0.5;
  const c = estimateSqsCost({ messages, bodyBytes: kb * 1024, batchSize, fifo, freeTierRemaining: fresh ? sqsPrices.freeTierRequestsPerMonth : 0 });
  return {
    ...base('sqs', seed, 'capability: Planning & Estimating'),
    difficulty: 'hard',
    type: 'numeric',
    question: `A load test sends **${n(messages)}** messages of **${kb} KB** to an SQS ${fifo ? 'FIFO' : 'standard'} queue ${batchSize > 1 ? `in batches of ${batchSize}` : 'one at a time'}, and consumers receive and delete them ${batchSize > 1 ? `in batches of ${batchSize}` : 'one at a time'} (each message received once, no empty receives). ${fresh ? 'The month’s free tier (1 M requests) is still unused.' : 'The free tier is already used up this month.'} What does SQS bill, in USD? ($${(fifo ? sqsPrices.fifoPerMillion : sqsPrices.standardPerMillion).toFixed(2)} per million requests, each 64 KB chunk of payload counts as a request.) ${WITHIN}`,
    answer: Number(c.usd.toFixed(6)),
    tolerance: relTol(c.usd, 0.0001),
    unit: 'USD',
    explanation: `A call is billed once per 64 KB chunk of its payload. Sends: ${n(c.sendRequests)} requests; receives: ${n(c.receiveRequests)}; deletes carry no body: ${n(c.deleteRequests)}. Total ${n(c.billedRequests)}${c.freeTierUsed ? `, minus ${n(c.freeTierUsed)} free` : ''} = ${n(c.chargeableRequests)} chargeable × $${c.pricePerMillion} / 1 M = **${money(c.usd)}**.`,
    source: 'facts: sqs-finops.md §Amazon SQS',
  };
}

function idlePods(seed: number): Question {
  const rand = rng(seed);
  const pods = pick([5, 10, 20, 50], rand);
  const req = requestPair(rand);
  const days = pick([1, 3, 7, 30], rand);
  const s = fargatePodSize([req]);
  const r = idleJobPodCost({ pods, size: s, idleHours: days * 24, ttlSecondsAfterFinished: 300 });
  return {
    ...base('idle-pods', seed, 'capability: Workload Optimization'),
    difficulty: 'medium',
    type: 'numeric',
    question: `A Job on EKS Fargate finished, leaving **${pods}** completed pods (each requested ${req.vcpu} vCPU / ${req.memoryMiB / 1024} GiB). Nobody set \`ttlSecondsAfterFinished\`, and the pods stay for **${days} day${days > 1 ? 's' : ''}** before someone deletes the Job. What do the finished pods cost over that time, in USD? ${priceNote} ${WITHIN}`,
    answer: Number(r.usd.toFixed(4)),
    tolerance: relTol(r.usd, 0.001),
    unit: 'USD',
    explanation: `On Fargate a finished pod keeps its micro-VM, and its bill, until the pod is deleted. Each pod is ${size(s)}: $${fargatePodCost(s, 3600).perHour.toFixed(6)}/h × ${days * 24} h × ${pods} pods = **${money4(r.usd)}**. With \`ttlSecondsAfterFinished: 300\` the TTL controller deletes them after 5 minutes: ${money(r.usdWithTtl ?? 0)}.`,
    source: 'https://kubernetes.io/docs/concepts/workloads/controllers/ttlafterfinished/',
  };
}

function unitEconomics(seed: number): Question {
  const rand = rng(seed);
  const messages = pick([500_000, 1_200_000, 3_000_000], rand);
  const workers = pick([5, 10, 20], rand);
  const minutes = pick([5, 10, 30], rand);
  const s = fargatePodSize([{ vcpu: 0.5, memoryMiB: 512 }]);
  const compute = workers * fargatePodCost(s, minutes * 60).usd;
  const q = estimateSqsCost({ messages, bodyBytes: 10 * 1024, batchSize: 10, freeTierRemaining: 0 });
  const per = costPerThousand(compute + q.usd, messages);
  return {
    ...base('unit-economics', seed, 'capability: Unit Economics'),
    difficulty: 'hard',
    type: 'numeric',
    question: `A pipeline processes **${n(messages)}** messages. Its consumers are **${workers}** Fargate pods of ${size(s)} running **${minutes} minutes**, and SQS bills ${n(q.billedRequests)} requests at $${sqsPrices.standardPerMillion.toFixed(2)} per million (free tier used up). What is the cost per 1,000 messages, in USD? ${priceNote} ${WITHIN}`,
    answer: Number(per.toFixed(8)),
    tolerance: relTol(per, 0.0000001),
    unit: 'USD',
    explanation: `Compute: ${workers} × $${fargatePodCost(s, 3600).perHour.toFixed(6)}/h × ${minutes / 60} h = ${money(compute)}. SQS: ${n(q.billedRequests)} × $${sqsPrices.standardPerMillion} / 1 M = ${money(q.usd)}. Unit cost: (${money(compute)} + ${money(q.usd)}) / ${n(messages)} × 1,000 = **${money(per)}** per 1,000 messages. A unit cost shows whether growth is efficient, which total spend cannot.`,
    source: 'https://www.finops.org/framework/capabilities/unit-economics/',
  };
}

const generators: Record<CostKind, (seed: number) => Question> = {
  'fargate-size': fargateSize,
  'fargate-cost': fargateCost,
  'savings-plan': savingsPlan,
  sqs,
  'idle-pods': idlePods,
  'unit-economics': unitEconomics,
};

export function generateQuestion(kind: CostKind, seed: number): Question {
  return generators[kind](seed >>> 0);
}

/** `count` cost questions cycling through the kinds; the same seed gives the same questions. */
export function generateQuestions(count: number, seed: number, kinds: readonly CostKind[] = COST_KINDS): Question[] {
  const rand = rng(seed);
  return Array.from({ length: count }, (_, i) => generateQuestion(kinds[i % kinds.length], Math.floor(rand() * 2 ** 31)));
}

/** Rebuilds a generated question from its id (`cost-<kind>-<seed>`), e.g. for an answer sheet. */
export function questionFromId(id: string): Question | undefined {
  const m = /^cost-([a-z-]+)-(\d+)$/.exec(id);
  if (!m) return undefined;
  if (!(COST_KINDS as readonly string[]).includes(m[1])) throw new UserError(`unknown cost question kind in ${id}`, { hint: `kinds: ${COST_KINDS.join(', ')}` });
  return generateQuestion(m[1] as CostKind, Number(m[2]));
}
