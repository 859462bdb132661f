export { readiness, type Check, type CheckStatus } from './check';
export { checkEnvironment, renderReadiness } from './report';
export { kitHome, kitRoot, kitVersion } from './paths';
export { writeFileAtomic } from './atomic';
