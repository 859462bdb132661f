export { notebookIndex, type NotebookEntry } from './notebooks';
export { seedSqsMilestones, type Milestone } from './seed-story';
export { versions } from './versions';
