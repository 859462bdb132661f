import { describe, expect, it } from 'vitest';
import { compareSavingsPlan, costPerThousand, fullCoverageCommitment, idleJobPodCost, labCosts } from '../../src/finops';

describe('compareSavingsPlan', () => {
  it('an always-on fleet fully covered saves exactly the discount rate', () => {
    const commit = fullCoverageCommitment('m5.large', 4, 0.3); // 0.384 × 0.7
    expect(commit).toBeCloseTo(0.2688, 10);
    const r = compareSavingsPlan({ instanceType: 'm5.large', count: 4, commitmentPerHour: commit, discountRate: 0.3, termYears: 1 });
    expect(r.onDemandPerMonth).toBeCloseTo(280.32, 8);
    expect(r.withPlanPerMonth).toBeCloseTo(196.224, 8);
    expect(r.savingsRate).toBeCloseTo(0.3, 10);
    expect(r.unusedCommitmentPerMonth).toBeCloseTo(0, 10);
    expect(r.withPlanTerm).toBeCloseTo(196.224 * 12, 6);
  });
  it('a partial commitment pays on-demand for the uncovered part', () => {
    const r = compareSavingsPlan({ instanceType: 'm5.large', count: 4, commitmentPerHour: 0.2, discountRate: 0.3, termYears: 3 });
    // per hour: 0.2 + (0.384 − 0.2 / 0.7)
    expect(r.withPlanPerMonth).toBeCloseTo((0.2 + 0.384 - 0.2 / 0.7) * 730, 8);
    expect(r.onDemandTerm).toBeCloseTo(280.32 * 36, 6);
  });
  it('a fleet running half the month loses money on a full commitment', () => {
    const r = compareSavingsPlan({ instanceType: 'm5.large', count: 4, hoursPerMonth: 365, commitmentPerHour: 0.2688, discountRate: 0.3, termYears: 1 });
    expect(r.onDemandPerMonth).toBeCloseTo(140.16, 8);
    expect(r.withPlanPerMonth).toBeCloseTo(196.224, 8);
    expect(r.savingsPerMonth).toBeCloseTo(-56.064, 8);
    expect(r.unusedCommitmentPerMonth).toBeCloseTo(0.2688 * 365, 8);
  });
  it('names the known types when given an unknown one', () => {
    expect(() => compareSavingsPlan({ instanceType: 'x9.huge', count: 1, commitmentPerHour: 1, discountRate: 0.2, termYears: 1 })).toThrow(/no price for instance type "x9.huge"/);
  });
});

describe('idle Job pods and unit economics', () => {
  it('5 finished 0.25 vCPU / 0.5 GB pods kept a day cost 5 × 24 × $0.0123425', () => {
    const r = idleJobPodCost({ pods: 5, size: { vcpu: 0.25, memoryGb: 0.5 }, idleHours: 24, ttlSecondsAfterFinished: 100 });
    expect(r.usd).toBeCloseTo(5 * 24 * 0.0123425, 10);
    expect(r.usdWithTtl).toBeCloseTo((5 * 0.0123425 * 100) / 3600, 12);
  });
  it('cost per 1,000 messages', () => {
    expect(costPerThousand(0.3, 1_200_000)).toBeCloseTo(0.00025, 12);
    expect(() => costPerThousand(1, 0)).toThrow(/at least one unit/);
  });
  it('prices every lab with a positive cost', () => {
    const rows = labCosts();
    expect(rows.map((r) => r.lab)).toContain('SQS load test: requests');
    for (const r of rows) expect(r.usd).toBeGreaterThan(0);
  });
});
