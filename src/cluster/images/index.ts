export type { ContainerContext, Image, Program } from './types';
export { lookupImage, listImages, registeredImages, registerImage, unregisterImage, parseImageRef, canonicalImageRef, pullImage, type ImageRef, type PullResult } from './catalog';
export { containerArgv, imageFromSpec, START_ERROR_EXIT_CODE, type ImageSpec, type ProgramTable } from './exec';
export { runScript, shellProgram, BUSYBOX_ASH, DASH, BASH, EXIT_NOT_FOUND, type ShellDialect } from './shell';
export { bpi, piDigits } from './pi';
export { runContainer, type RunContainerOptions, type ContainerRun } from './run';
export { primesInRange, evalIntExpr } from './primes';
export { shareImage, clusterSharedImages, type SharedImage } from './share';
