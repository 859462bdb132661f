/** The kit's pricing model: prices as dated, sourced data and pure cost functions (labs and quizzes share them). */
export { fargatePrices, ec2OnDemand, sqsPrices, HOURS_PER_MONTH, type Ec2Type } from './prices';
export { fargatePodSize, fargatePodCost, fargateCombinations, capacityProvisioned, parseCpu, parseMemory, FARGATE_OVERHEAD_MIB, type ContainerRequests, type FargateSize, type FargateCost } from './fargate';
export { estimateSqsCost, type SqsCostInput, type SqsCost } from './sqs';
export { compareSavingsPlan, fullCoverageCommitment, ec2Type, type SavingsPlanInput, type SavingsPlanResult } from './savings-plan';
export { idleJobPodCost, type IdleJobPodsInput, type IdleJobPodsCost } from './idle-pods';
export { costPerThousand, unitCost, type CostLine } from './unit-economics';
export { labCosts, type LabCost } from './lab-costs';
