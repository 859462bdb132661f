export { show, inNotebook, setDisplay, type Rendered } from './output';
export { table, renderTable, type Row, type TableOptions } from './table';
export { chart, renderChart, lineChart, barChart, xySpec, type Chart, type ChartSpec, type XYOptions } from './chart';
export { timeline, timelineSpec, type Span, type TimelineOptions } from './timeline';
export { markdown, renderMarkdown } from './markdown';
export { escapeHtml } from './html';
