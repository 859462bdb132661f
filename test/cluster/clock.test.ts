import { describe, expect, it } from 'vitest';
import { ManualClock, VirtualClock, rfc3339 } from '../../src/cluster/clock';

describe('ManualClock', () => {
  it('fires timers in due order, each seeing its own due time', () => {
    const clock = new ManualClock(Date.UTC(2024, 0, 1));
    const seen: Array<[string, string]> = [];
    clock.setTimeout(() => seen.push(['b', rfc3339(clock.now())]), 20_000);
    clock.setTimeout(() => seen.push(['a', rfc3339(clock.now())]), 10_000);
    const c = clock.setTimeout(() => seen.push(['never', '']), 15_000);
    clock.clearTimeout(c);
    clock.advance(30_000);
    expect(seen).toEqual([
      ['a', '2024-01-01T00:00:10Z'],
      ['b', '2024-01-01T00:00:20Z'],
    ]);
    expect(rfc3339(clock.now())).toBe('2024-01-01T00:00:30Z');
  });

  it('runs a 10s → 20s → 40s backoff in order', () => {
    const clock = new ManualClock(0);
    const fired: number[] = [];
    const schedule = (n: number) => clock.setTimeout(() => { fired.push(clock.now() / 1000); if (n < 3) schedule(n + 1); }, 10_000 * 2 ** (n - 1));
    schedule(1);
    clock.advance(100_000);
    expect(fired).toEqual([10, 30, 70]);
  });

  it('sleep rejects with AbortError when aborted', async () => {
    const clock = new ManualClock(0);
    const ac = new AbortController();
    const p = clock.sleep(5000, ac.signal);
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(clock.pending).toBe(0);
  });
});

describe('VirtualClock', () => {
  it('rejects a non-positive speed', () => {
    expect(() => new VirtualClock({ speed: 0 })).toThrow(/positive/);
  });

  it('starts at the given virtual time and reports its speed', () => {
    const c = new VirtualClock({ speed: 60, start: 1_000_000 });
    expect(c.speed).toBe(60);
    expect(c.now()).toBeGreaterThanOrEqual(1_000_000);
  });

  it('resumes forward to a stored time, never back', () => {
    const c = new VirtualClock({ speed: 1, start: 1_000_000 });
    c.resumeFrom(5_000_000);
    expect(c.now()).toBeGreaterThanOrEqual(5_000_000);
    expect(c.now()).toBeLessThan(5_100_000);
    c.resumeFrom(2_000_000);
    expect(c.now()).toBeGreaterThanOrEqual(5_000_000);
  });
});

describe('VirtualClock with a timer further away than Node can wait at once', () => {
  it('waits for it (a yearly CronJob) instead of firing at once', async () => {
    const clock = new VirtualClock({ speed: 1 });
    let fired = false;
    const handle = clock.setTimeout(() => { fired = true; }, 30 * 24 * 3600 * 1000);
    await new Promise((r) => setTimeout(r, 50));
    expect(fired).toBe(false);
    clock.clearTimeout(handle);
  });
});
