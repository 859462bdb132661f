/**
 * Labs: the format (index.json, step Markdown, starter files, solution manifests), checks that
 * say ✓/✗ with a reason and a hint, the runner behind `kit lab`, and the harness that executes a
 * lab text's shell blocks as written. See docs/labs.md.
 */
export { loadLab, listLabs, findLab, labsRoot, labNamespace, LabLabel } from './format';
export type { Lab, LabStep } from './format';
export { parseCheckSpec, runCheck } from './checks';
export type { CheckSpec, CheckResult, CheckContext } from './checks';
export { shellBlocks, renderText, parseInfo, DefaultTimeout } from './markdown';
export type { ShellBlock } from './markdown';
export { runBlocks, BlockFailure } from './harness';
export type { BlockRun, HarnessOptions } from './harness';
export { connectLab, startLab, checkLab, solveLab, solutionText, solutionTexts, resetLab, labelledObjects, labStatus, workspace, labelled, LabKinds } from './runner';
export type { LabStatus, StepResult } from './runner';
