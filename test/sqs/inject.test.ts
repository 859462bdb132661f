import { describe, expect, it } from 'vitest';
import { Injector, seededRandom } from '../../src/sqs/endpoint/inject';

describe('fault injection dice', () => {
  it('replay the same sequence for the same seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(new Set(xs).size).toBe(5);
  });
  it('reject rates outside 0–1 and rates that add up to more than 1', () => {
    expect(() => new Injector({ faults: { throttleRate: 1.5 } })).toThrow('throttle rate must be between 0 and 1');
    expect(() => new Injector({ faults: { throttleRate: 0.6, dropRate: 0.6 } })).toThrow('add up to more than 1');
    expect(new Injector().active).toBe(false);
    expect(new Injector({ latency: { fixedMs: 5 } }).active).toBe(true);
  });
});
