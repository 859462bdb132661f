import { UserError } from '../cli/errors';
import { ec2OnDemand, Ec2Type, HOURS_PER_MONTH } from './prices';

export function ec2Type(name: string): Ec2Type {
  const t = ec2OnDemand.types.find((x) => x.type === name);
  if (!t) throw new UserError(`no price for instance type "${name}"`, { hint: `known types: ${ec2OnDemand.types.map((x) => x.type).join(', ')}` });
  return t;
}

export interface SavingsPlanInput {
  instanceType: string;
  /** Instances running. */
  count: number;
  /** Hours they run per month (730 = always on). */
  hoursPerMonth?: number;
  /** Committed spend, $/hour, for every hour of the term whether used or not. */
  commitmentPerHour: number;
  /** The plan's discount off on-demand, 0–1. An explicit input: headline discounts are not verified. */
  discountRate: number;
  termYears: 1 | 3;
}

export interface SavingsPlanResult {
  onDemandPerMonth: number;
  withPlanPerMonth: number;
  savingsPerMonth: number;
  /** Savings as a fraction of on-demand. */
  savingsRate: number;
  /** Commitment that bought nothing (usage below the commitment), per month. */
  unusedCommitmentPerMonth: number;
  /** Over the whole term. */
  onDemandTerm: number;
  withPlanTerm: number;
}

/**
 * EC2 on-demand against a Compute Savings Plan. Each hour the commitment is paid in full; it covers
 * usage at the discounted rate up to its value, and usage beyond that is billed at on-demand.
 * Hours with no usage still pay the commitment. (aws.amazon.com/savingsplans/faq)
 */
export function compareSavingsPlan(i: SavingsPlanInput): SavingsPlanResult {
  const t = ec2Type(i.instanceType);
  const hours = i.hoursPerMonth ?? HOURS_PER_MONTH;
  if (!(i.discountRate >= 0 && i.discountRate < 1)) throw new UserError(`discount rate must be in [0, 1), got ${i.discountRate}`);
  if (!(i.commitmentPerHour >= 0) || !(i.count >= 0) || !(hours >= 0 && hours <= HOURS_PER_MONTH))
    throw new UserError('count and commitment must be ≥ 0, and hours per month 0–730');
  const usagePerHour = t.perHour * i.count; // on-demand value of the running fleet
  const onDemandPerMonth = usagePerHour * hours;
  // An hour with usage: commitment + on-demand for the part the commitment does not cover.
  const coveredOnDemandValue = i.commitmentPerHour / (1 - i.discountRate);
  const busyHour = i.commitmentPerHour + Math.max(0, usagePerHour - coveredOnDemandValue);
  const withPlanPerMonth = busyHour * hours + i.commitmentPerHour * (HOURS_PER_MONTH - hours);
  const unusedPerBusyHour = Math.max(0, i.commitmentPerHour - usagePerHour * (1 - i.discountRate));
  const unusedCommitmentPerMonth = unusedPerBusyHour * hours + i.commitmentPerHour * (HOURS_PER_MONTH - hours);
  const months = 12 * i.termYears;
  return {
    onDemandPerMonth,
    withPlanPerMonth,
    savingsPerMonth: onDemandPerMonth - withPlanPerMonth,
    savingsRate: onDemandPerMonth === 0 ? 0 : (onDemandPerMonth - withPlanPerMonth) / onDemandPerMonth,
    unusedCommitmentPerMonth,
    onDemandTerm: onDemandPerMonth * months,
    withPlanTerm: withPlanPerMonth * months,
  };
}

/** The commitment that exactly covers an always-on fleet: on-demand $/h × (1 − discount). */
export function fullCoverageCommitment(instanceType: string, count: number, discountRate: number): number {
  return ec2Type(instanceType).perHour * count * (1 - discountRate);
}
