/**
 * Benchmark of the Job controller (npm run bench:cluster:jobs): one Job with completions 5,000
 * and parallelism 500 whose pods finish at once, on an in-process cluster with its durable log.
 * While it runs, a client GETs the Job over HTTPS every BENCH_GET_EVERY_MS (5 ms: 200 requests
 * a second; 0 = back to back, which takes half the CPU from the cluster it measures). Prints pods
 * completed per second, API p50/p99 under that load and the peak RSS. Figures, not assertions:
 * tests never time things.
 *
 * Pods run through the kit's scheduler and kubelet (busybox `true`, virtual clock ×1000 so image
 * pulls take no real time); BENCH_INSTANT=1 finishes pods with a minimal "instant kubelet"
 * instead, to see the Job controller alone.
 */
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import * as hdr from 'hdr-histogram-js';
import type * as ClusterModule from '../src/cluster';

const COMPLETIONS = Number(process.env.BENCH_COMPLETIONS ?? 5000);
const PARALLELISM = Number(process.env.BENCH_PARALLELISM ?? 500);
const root = path.resolve(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kit = require(path.join(root, 'dist', 'cluster')) as typeof ClusterModule;
const INSTANT = process.env.BENCH_INSTANT === '1';
const GET_EVERY_MS = Number(process.env.BENCH_GET_EVERY_MS ?? 5);

function instantKubelet(): ClusterModule.Controller {
  return {
    name: 'bench-instant-kubelet',
    workers: 4,
    watches: [{ kind: 'Pod' }],
    async reconcile(key, ctx) {
      const { namespace, name } = kit.splitKey(key);
      const pod = ctx.api.tryGet('Pod', namespace, name);
      const phase = (pod?.status as { phase?: string } | undefined)?.phase;
      if (!pod || pod.metadata.deletionTimestamp || phase === 'Succeeded' || phase === 'Failed') return;
      const t = kit.rfc3339(ctx.clock.now());
      pod.status = {
        phase: 'Succeeded', startTime: t,
        containerStatuses: [{ name: 'main', image: 'busybox', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: t, finishedAt: t } } }],
      };
      await ctx.api.updateStatus(pod);
    },
  };
}

function get(url: string, token: string, ca: string, agent: https.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { agent, ca, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function main(): Promise<void> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-bench-jobs-'));
  // INSTANT: the Job controller alone, pods finished at once by a stand-in kubelet; otherwise the
  // cluster's own scheduler and kubelet run them.
  const cluster = INSTANT
    ? await kit.EmbeddedCluster.start({ home, speed: 1, runtime: false, controllers: [() => instantKubelet()], nodes: { count: 4, cpu: '64', memory: '256Gi' } })
    : await kit.EmbeddedCluster.start({ home, speed: 1000, nodes: { count: 4, cpu: '64', memory: '256Gi' } });
  const { url, token, ca } = await cluster.serve({ port: 0 });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

  const started = performance.now();
  await cluster.api.create({
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'bench', namespace: 'default' },
    spec: { completions: COMPLETIONS, parallelism: PARALLELISM, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36', command: ['true'] }] } } },
  });

  const hist = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const agent = new https.Agent({ keepAlive: true, maxSockets: 4 });
  let done = false;
  const client = (async () => {
    while (!done) {
      const t = performance.now();
      await get(`${url}/apis/batch/v1/namespaces/default/jobs/bench`, token, ca, agent);
      hist.recordValue(Math.max(1, Math.round((performance.now() - t) * 1000)));
      if (GET_EVERY_MS > 0) await new Promise((r) => setTimeout(r, Math.max(0, GET_EVERY_MS - (performance.now() - t))));
    }
  })();

  let last = '';
  for (;;) {
    const job = cluster.api.get('Job', 'default', 'bench');
    const st = (job.status ?? {}) as { succeeded?: number; conditions?: Array<{ type: string; status: string }> };
    const line = `  succeeded ${st.succeeded ?? 0}/${COMPLETIONS}`;
    if (line !== last && (process.stdout.isTTY || process.env.BENCH_DEBUG)) process.stdout.write(`\r${line}`);
    last = line;
    if ((st.conditions ?? []).some((c) => c.type === 'Complete' && c.status === 'True')) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  done = true;
  await client;
  clearInterval(sampler);
  if (process.stdout.isTTY) process.stdout.write('\n');

  const rate = COMPLETIONS / seconds;
  const p50 = hist.getValueAtPercentile(50) / 1000;
  const p99 = hist.getValueAtPercentile(99) / 1000;
  const rssMb = peakRss / 1024 / 1024;
  console.log(`Job completions ${COMPLETIONS}, parallelism ${PARALLELISM}, ${INSTANT ? 'instant pods' : 'scheduler + kubelet (busybox true, clock x1000)'}, durable log on`);
  console.log(`  pods completed:  ${rate.toFixed(0)} pods/s (${seconds.toFixed(1)} s)   goal >= 500   ${rate >= 500 ? 'ok' : 'BELOW GOAL'}`);
  console.log(`  API GET job:     p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (${hist.totalCount} requests, ${GET_EVERY_MS ? `one every ${GET_EVERY_MS} ms` : 'back to back'})   goal p99 < 100 ms   ${p99 < 100 ? 'ok' : 'ABOVE GOAL'}`);
  console.log(`  peak RSS:        ${rssMb.toFixed(0)} MB   goal < 500 MB   ${rssMb < 500 ? 'ok' : 'ABOVE GOAL'}`);
  agent.destroy();
  await cluster.stop();
  fs.rmSync(home, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
