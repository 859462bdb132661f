import { describe, expect, it } from 'vitest';
import { domainStats, progressOverTime, statsChart, type Progress } from '../../src/quiz';

const day = 86_400_000;
const h = (at: number, domain: string, credit: number) => ({ at, attempt: 'a', bank: 'demo', domain, id: `demo-x-${at}`, credit, correct: credit === 1 });
const progress: Progress = {
  version: 1,
  attempts: [],
  cards: {},
  history: [h(0, 'inform', 0), h(1000, 'inform', 1), h(2000, 'optimize', 0.5), h(day + 5, 'inform', 1), h(day + 6, 'inform', 1)],
};

describe('quiz stats', () => {
  it('counts answers and credit per domain', () => {
    expect(domainStats(progress)).toEqual([
      { bank: 'demo', domain: 'inform', answered: 4, right: 3, percent: 75 },
      { bank: 'demo', domain: 'optimize', answered: 1, right: 0, percent: 50 },
    ]);
  });
  it('gives the cumulative score per domain at the end of each study day', () => {
    expect(progressOverTime(progress)).toEqual([
      { day: 1, date: '1970-01-01', domain: 'inform', percent: 50 },
      { day: 1, date: '1970-01-01', domain: 'optimize', percent: 50 },
      { day: 2, date: '1970-01-02', domain: 'inform', percent: 75 },
      { day: 2, date: '1970-01-02', domain: 'optimize', percent: 50 },
    ]);
  });
  it('charts progress over time with units on both axes', async () => {
    const c = await statsChart(progress);
    expect(c.svg).toContain('day of study (days)');
    expect(c.svg).toContain('cumulative score (%)');
  });
});
