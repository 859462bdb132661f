/**
 * Loads @kubernetes/client-node (an ES module) from this CommonJS library. Kept out of the public
 * index: its type import needs TypeScript 5.3+, and notebooks compile against the index with 5.0.
 */
import type * as k8s from '@kubernetes/client-node' with { 'resolution-mode': 'import' };

export function clientNode(): Promise<typeof k8s> {
  return import('@kubernetes/client-node');
}
