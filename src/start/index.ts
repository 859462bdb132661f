export { kitStart, type KitStartOptions, type Started } from './start';
export { runningInstance, instanceFile, type InstanceInfo } from './instance';
export { statusBlock } from './status';
