import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { Rendered, show } from './output';
import type { Row } from './table';

/**
 * Charts are Vega-Lite specs rendered to SVG on the kernel's side, so they show the same in
 * JupyterLab, classic Notebook, exported HTML and a plain browser, with no JavaScript needed.
 */
export type ChartSpec = TopLevelSpec;

export interface Chart extends Rendered {
  readonly svg: string;
  readonly spec: ChartSpec;
}

const defaults = { width: 560, height: 260 };

/** Renders any Vega-Lite spec to SVG. */
export async function renderChart(spec: ChartSpec): Promise<Chart> {
  const full = { ...defaults, ...spec } as ChartSpec;
  const compiled = vl.compile(full).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  const title = typeof full.title === 'string' ? full.title : 'chart';
  return { svg, spec: full, html: `<div class="kit-chart">${svg}</div>`, text: `[chart: ${title}]` };
}

/** Renders a Vega-Lite spec and shows it in the notebook. */
export async function chart(spec: ChartSpec): Promise<void> {
  show(await renderChart(spec));
}

export interface XYOptions {
  x: string;
  y: string;
  /** Axis titles must carry units, e.g. "time (s)"; they default to the field names. */
  xTitle?: string;
  yTitle?: string;
  /** A field that splits the data into coloured series. */
  series?: string;
  title?: string;
  width?: number;
  height?: number;
}

/** The Vega-Lite spec behind lineChart and barChart. */
export function xySpec(rows: Row[], mark: 'line' | 'bar' | 'point', o: XYOptions): ChartSpec {
  return xy(rows, mark, o, mark === 'bar' ? 'ordinal' : 'quantitative');
}

function xy(rows: Row[], mark: 'line' | 'bar' | 'point', o: XYOptions, xType: 'quantitative' | 'ordinal' | 'temporal'): ChartSpec {
  // Categories keep the order of the data (a story's steps), not the alphabet; long labels turn
  // the bars sideways so they stay readable.
  const labels = rows.map((r) => String((r as Record<string, unknown>)[o.x]));
  const sideways = mark === 'bar' && labels.some((l) => l.length > 12);
  const x = { field: o.x, type: xType, title: o.xTitle ?? o.x, ...(xType === 'ordinal' ? { sort: null, axis: { labelLimit: 320 } } : {}) };
  const y = { field: o.y, type: 'quantitative', title: o.yTitle ?? o.y };
  return {
    title: o.title,
    width: o.width ?? defaults.width,
    height: o.height ?? (sideways ? Math.max(80, rows.length * 28) : defaults.height),
    data: { values: rows },
    mark: mark === 'line' ? { type: 'line', point: rows.length <= 40 } : { type: mark },
    encoding: {
      ...(sideways ? { y: x, x: y } : { x, y }),
      ...(o.series ? { color: { field: o.series, type: 'nominal' } } : {}),
    },
  } as ChartSpec;
}

/** A line chart of y over a numeric x (for trends over time). */
export function lineChart(rows: Row[], o: XYOptions): Promise<void> {
  return chart(xy(rows, 'line', o, 'quantitative'));
}

/** A bar chart with one bar per x category. */
export function barChart(rows: Row[], o: XYOptions): Promise<void> {
  return chart(xy(rows, 'bar', o, 'ordinal'));
}
