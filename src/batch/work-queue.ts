/**
 * A work queue for the work-queue Job kind: an image (TypeScript, registered in this kernel)
 * whose pods take items from one shared in-memory queue until it is empty, then exit 0.
 * Kubernetes Patterns' third Job kind: parallelism > 1, completions unset.
 */
import { registerImage } from '../cluster/images/catalog';

export interface WorkQueue {
  /** The image name to put in the pod template. */
  image: string;
  /** Items not taken yet. */
  remaining: string[];
  /** Who processed what, in order. */
  processed: Array<{ item: string; pod: string }>;
}

/** Registers image `name` serving `items`, each taking `secondsPerItem` virtual seconds. */
export function workQueue(name: string, items: string[], secondsPerItem = 2): WorkQueue {
  const q: WorkQueue = { image: name, remaining: [...items], processed: [] };
  registerImage({
    name,
    description: 'takes items from a shared queue until it is empty, then exits 0',
    example: name,
    async run(ctx) {
      for (let item = q.remaining.shift(); item !== undefined; item = q.remaining.shift()) {
        await ctx.sleep(secondsPerItem * 1000);
        ctx.stdout(`processed ${item}\n`);
        q.processed.push({ item, pod: ctx.podName });
      }
      ctx.stdout('queue empty, exiting\n');
      return 0;
    },
  });
  return q;
}
