import { describe, expect, it } from 'vitest';
import { capacityProvisioned, fargatePodCost, fargatePodSize, parseCpu, parseMemory } from '../../src/finops';

describe('fargatePodSize', () => {
  it('rounds 1 vCPU / 8 GiB up to 2 vCPU / 9 GB, because +256 MiB exceeds the 1-vCPU maximum of 8 GB', () => {
    expect(fargatePodSize([{ vcpu: 1, memoryMiB: 8192 }])).toEqual({ vcpu: 2, memoryGb: 9 });
  });
  it('gives 0.25 vCPU / 0.5 GB when nothing is requested', () => {
    expect(capacityProvisioned(fargatePodSize([{}]))).toBe('0.25vCPU 0.5GB');
  });
  it('adds 256 MiB before rounding: 0.5 vCPU / 1 GiB becomes 0.5 vCPU / 2 GB', () => {
    expect(fargatePodSize([{ vcpu: 0.5, memoryMiB: 1024 }])).toEqual({ vcpu: 0.5, memoryGb: 2 });
  });
  it('takes the larger of the biggest init container and the sum of regular containers', () => {
    const regular = [{ vcpu: 0.25, memoryMiB: 512 }, { vcpu: 0.25, memoryMiB: 512 }];
    expect(fargatePodSize(regular, [{ vcpu: 1, memoryMiB: 2048 }])).toEqual({ vcpu: 1, memoryGb: 3 });
    expect(fargatePodSize(regular, [{ vcpu: 0.1, memoryMiB: 100 }])).toEqual({ vcpu: 0.5, memoryGb: 2 });
  });
  it('uses the 4 GB steps at 8 vCPU', () => {
    expect(fargatePodSize([{ vcpu: 6, memoryMiB: 17 * 1024 }])).toEqual({ vcpu: 8, memoryGb: 20 });
  });
  it('refuses a pod bigger than 16 vCPU / 120 GB', () => {
    expect(() => fargatePodSize([{ vcpu: 17 }])).toThrow(/no Fargate size fits/);
  });
  it('parses Kubernetes quantities', () => {
    expect(parseCpu('500m')).toBe(0.5);
    expect(parseCpu('2')).toBe(2);
    expect(parseMemory('2Gi')).toBe(2048);
    expect(parseMemory('512Mi')).toBe(512);
    expect(() => parseMemory('lots')).toThrow(/not a memory quantity/);
  });
});

describe('fargatePodCost', () => {
  it('bills 30 s as the one-minute minimum: (0.25 × 0.04048 + 0.5 × 0.004445) / 60', () => {
    const c = fargatePodCost({ vcpu: 0.25, memoryGb: 0.5 }, 30);
    expect(c.billedSeconds).toBe(60);
    expect(c.perHour).toBeCloseTo(0.0123425, 10);
    expect(c.usd).toBeCloseTo(0.0123425 / 60, 12);
  });
  it('bills 2 vCPU / 9 GB for an hour at $0.120965', () => {
    expect(fargatePodCost({ vcpu: 2, memoryGb: 9 }, 3600).usd).toBeCloseTo(0.08096 + 0.040005, 10);
  });
  it('bills per second above the minimum and ephemeral storage beyond 20 GB', () => {
    expect(fargatePodCost({ vcpu: 1, memoryGb: 2 }, 90.2).billedSeconds).toBe(91);
    const withDisk = fargatePodCost({ vcpu: 1, memoryGb: 2 }, 3600, 30);
    expect(withDisk.usd).toBeCloseTo(0.04048 + 2 * 0.004445 + 10 * 0.000111, 10);
  });
});
