export { runNotebook, runNotebooks, describeFailure, defaultScratch, type NotebookReport, type CellReport } from './run';
export { cleanNotebook, cleanFiles } from './clean';
export { exportHtml } from './export';
export { findNotebooks, readNotebook } from './files';
