import { describe, expect, it } from 'vitest';
import { renderChart, timelineSpec } from '../../src/display';

describe('charts', () => {
  it('renders a Vega-Lite spec to SVG with its axis titles', async () => {
    const c = await renderChart({
      data: { values: [{ t: 0, rate: 10 }, { t: 1, rate: 20 }] },
      mark: 'line',
      encoding: { x: { field: 't', type: 'quantitative', title: 'time (s)' }, y: { field: 'rate', type: 'quantitative', title: 'rate (msg/s)' } },
    });
    expect(c.svg.startsWith('<svg')).toBe(true);
    expect(c.svg).toContain('time (s)');
    expect(c.svg).toContain('rate (msg/s)');
  });
  it('draws a timeline lane per pod', async () => {
    const c = await renderChart(timelineSpec([{ lane: 'pi-abcde', start: 0, end: 3, status: 'Succeeded' }, { lane: 'pi-fghij', start: 1, end: 4 }]));
    expect(c.svg).toContain('pi-abcde');
    expect(c.svg).toContain('pi-fghij');
  });
});
