/**
 * A work queue for the work-queue Job kind: an image (TypeScript, registered in this kernel)
 * whose pods take items from one shared in-memory queue until it is empty, then exit 0.
 * Kubernetes Patterns' third Job kind: parallelism > 1, completions unset.
 */
import { registerImage } from '../cluster/images/catalog';
import { shareImage } from '../cluster/images/share';
import type { Image } from '../cluster/images/types';

export interface WorkQueue {
  /** The image name to put in the pod template. */
  image: string;
  /** Items not taken yet. */
  remaining: string[];
  /** Who processed what, in order. */
  processed: Array<{ item: string; pod: string }>;
  /**
   * Also registers the image with the kit cluster `kit start` runs, when one runs, so a Job applied
   * with kubectl in a terminal can use it while this kernel runs. Resolves with one line saying where.
   */
  share(opts?: { home?: string }): Promise<string>;
}

/** Registers image `name` serving `items`, each taking `secondsPerItem` virtual seconds. */
export function workQueue(name: string, items: string[], secondsPerItem = 2): WorkQueue {
  const remaining = [...items];
  const processed: WorkQueue['processed'] = [];
  const image: Image = {
    name,
    description: 'takes items from a shared queue until it is empty, then exits 0',
    example: name,
    async run(ctx) {
      for (let item = remaining.shift(); item !== undefined; item = remaining.shift()) {
        await ctx.sleep(secondsPerItem * 1000);
        ctx.stdout(`processed ${item}\n`);
        processed.push({ item, pod: ctx.podName });
      }
      ctx.stdout('queue empty, exiting\n');
      return 0;
    },
  };
  registerImage(image);
  return { image: name, remaining, processed, share: async (opts) => (await shareImage(image, opts)).message };
}
