/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished): a finished Job with
 * spec.ttlSecondsAfterFinished is deleted, with Background propagation so its pods go too, once
 * that many seconds have passed since its Complete/Failed condition's lastTransitionTime.
 */
import { splitKey, type Controller } from './manager';
import { conditions } from './job-status';

export function ttlAfterFinishedController(): Controller {
  return {
    name: 'ttl-after-finished-controller',
    watches: [{ kind: 'Job' }],
    async reconcile(key, ctx) {
      const { namespace, name } = splitKey(key);
      const job = ctx.api.tryGet('Job', namespace, name);
      const ttl = (job?.spec as { ttlSecondsAfterFinished?: number } | undefined)?.ttlSecondsAfterFinished;
      if (!job || ttl === undefined || ttl === null || job.metadata.deletionTimestamp) return;
      const done = conditions(job).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
      if (!done?.lastTransitionTime) return;
      const expireAt = Date.parse(done.lastTransitionTime) + ttl * 1000;
      const left = expireAt - ctx.clock.now();
      if (left > 0) return { requeueAfter: left };
      await ctx.api.delete('Job', namespace, name, { propagationPolicy: 'Background', preconditions: { uid: job.metadata.uid } });
    },
  };
}
