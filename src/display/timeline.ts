import type { ChartSpec } from './chart';
import { chart } from './chart';

/** One bar on a timeline: a pod's life, a request, a backoff wait. Times are in seconds. */
export interface Span {
  lane: string;
  start: number;
  end: number;
  /** Colours the bar: e.g. Succeeded, Failed, Running. */
  status?: string;
}

export interface TimelineOptions {
  title?: string;
  /** The time axis title, with its unit. */
  timeTitle?: string;
  laneTitle?: string;
  width?: number;
}

/** The Vega-Lite spec of a Gantt chart: one row per lane, one bar per span. */
export function timelineSpec(spans: Span[], o: TimelineOptions = {}): ChartSpec {
  const lanes = [...new Set(spans.map((s) => s.lane))];
  return {
    title: o.title,
    width: o.width ?? 560,
    height: Math.max(60, lanes.length * 22),
    data: { values: spans.map((s) => ({ ...s, status: s.status ?? 'span' })) },
    mark: { type: 'bar', cornerRadius: 2 },
    encoding: {
      y: { field: 'lane', type: 'ordinal', sort: lanes, title: o.laneTitle ?? null },
      x: { field: 'start', type: 'quantitative', title: o.timeTitle ?? 'time (s)' },
      x2: { field: 'end' },
      color: { field: 'status', type: 'nominal', title: 'status' },
      tooltip: [{ field: 'lane' }, { field: 'start' }, { field: 'end' }, { field: 'status' }],
    },
  } as ChartSpec;
}

/** Shows a Gantt timeline in the notebook. */
export function timeline(spans: Span[], o: TimelineOptions = {}): Promise<void> {
  return chart(timelineSpec(spans, o));
}
