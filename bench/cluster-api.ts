/**
 * Benchmark of the embedded cluster's API server (npm run bench:cluster:api).
 * The cluster runs in its own process (as `kit cluster start` runs it), with its durable log.
 * This process: 1,000 pods spread over the nodes, 50 watchers on pods, then a mixed load of
 * get / list / patch from several clients. Prints requests per second, p50/p99 per verb, watch
 * delivery lag and the server's peak RSS. Figures, not assertions: tests never time things.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import * as hdr from 'hdr-histogram-js';

const PODS = Number(process.env.BENCH_PODS ?? 1000);
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 50);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const root = path.resolve(__dirname, '..', '..', '..');

interface Conn {
  url: string;
  token: string;
  ca: Buffer;
  agent: https.Agent;
}

function request(c: Conn, method: string, p: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = https.request(new URL(p, c.url), { method, agent: c.agent, ca: c.ca, headers: { Authorization: `Bearer ${c.token}`, 'Content-Type': contentType, Accept: 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

function peakRssMiB(pid: number): string {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? (Number(m[1]) / 1024).toFixed(0) : 'n/a';
  } catch {
    return 'n/a (no /proc)';
  }
}

const hist = () => hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
const ms = (us: number) => (us / 1000).toFixed(1);

async function main(): Promise<void> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-bench-'));
  const server = spawn(process.execPath, [path.join(root, 'dist', 'cluster', 'server-main.js'), '--home', home, '--port', '0', '--nodes', '3'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (d) => {
      out += d;
      const m = /^ready (\S+)$/m.exec(out);
      if (m) resolve(m[1]);
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const token = /token: (\S+)/.exec(fs.readFileSync(path.join(home, 'kubeconfig'), 'utf8'))![1];
  const conn: Conn = { url, token, ca: fs.readFileSync(path.join(home, 'cluster-tls', 'apiserver.crt')), agent: new https.Agent({ keepAlive: true, maxSockets: 64 }) };
  const nodes = ['kit-node-1', 'kit-node-2', 'kit-node-3'];
  console.log(`cluster API benchmark: ${PODS} pods, ${WATCHERS} watchers, ${CLIENTS} clients × ${SECONDS}s of get/list/patch (server pid ${server.pid}, durable log on)`);

  // 1. Create the pods, 16 at a time.
  const create = hist();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < PODS) {
      const i = next++;
      const s = performance.now();
      const r = await request(conn, 'POST', '/api/v1/namespaces/default/pods', {
        apiVersion: 'v1', kind: 'Pod',
        metadata: { name: `bench-${i}`, labels: { app: 'bench', group: `g${i % 100}` } },
        spec: { nodeName: nodes[i % nodes.length], containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
      });
      if (r.status !== 201) throw new Error(`create failed: ${r.status} ${r.text}`);
      create.recordValue(Math.round((performance.now() - s) * 1000));
    }
  }));
  const createSecs = (performance.now() - t0) / 1000;

  // 2. Watchers on all pods from the current resourceVersion; lag = receive time − the patch's send time.
  // Only the first event carrying a given send time counts: later writes to the same pod (the
  // kubelet's status updates) still carry the annotation, and are not that patch's event.
  const list = JSON.parse((await request(conn, 'GET', '/api/v1/namespaces/default/pods?limit=1')).text);
  const rv = list.metadata.resourceVersion;
  const lag = hist();
  let events = 0;
  const watchReqs: Array<ReturnType<typeof https.get>> = [];
  for (let w = 0; w < WATCHERS; w++) {
    watchReqs.push(https.get(new URL(`/api/v1/namespaces/default/pods?watch=1&resourceVersion=${rv}`, url), { ca: conn.ca, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      let buf = '';
      const seen = new Set<string>();
      res.setEncoding('utf8');
      res.on('data', (d) => {
        buf += d;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          const sent = /"bench\/sent":"([\d.]+)"/.exec(line);
          events++;
          if (sent && !seen.has(sent[1])) {
            seen.add(sent[1]);
            lag.recordValue(Math.max(1, Math.round((performance.timeOrigin + performance.now() - Number(sent[1])) * 1000)));
          }
        }
      });
    }).on('error', () => undefined));
  }
  await new Promise((r) => setTimeout(r, 500));

  // 3. Mixed load: 60% get, 10% list (a label selector, ~10 pods), 30% patch (merge patch).
  const verbs = { get: hist(), list: hist(), patch: hist() };
  let requests = 0;
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
    let n = c;
    while (performance.now() < end) {
      n = (n * 1103515245 + 12345) % 2147483648;
      const pod = `bench-${n % PODS}`;
      const roll = (n >>> 16) % 10; // the high bits: an LCG's low bits cycle
      const s = performance.now();
      let verb: keyof typeof verbs;
      if (roll < 6) {
        verb = 'get';
        await request(conn, 'GET', `/api/v1/namespaces/default/pods/${pod}`);
      } else if (roll < 7) {
        verb = 'list';
        await request(conn, 'GET', `/api/v1/namespaces/default/pods?labelSelector=group%3Dg${n % 100}`);
      } else {
        verb = 'patch';
        const r = await request(conn, 'PATCH', `/api/v1/namespaces/default/pods/${pod}`, { metadata: { annotations: { 'bench/sent': String(performance.timeOrigin + performance.now()) } } }, 'application/merge-patch+json');
        if (r.status !== 200) throw new Error(`patch failed: ${r.status} ${r.text}`);
      }
      verbs[verb].recordValue(Math.max(1, Math.round((performance.now() - s) * 1000)));
      requests++;
    }
  }));
  const mixedSecs = SECONDS;
  await new Promise((r) => setTimeout(r, 1000));

  const rows = [
    ['create (setup)', create.totalCount, (create.totalCount / createSecs).toFixed(0), ms(create.getValueAtPercentile(50)), ms(create.getValueAtPercentile(99))],
    ...Object.entries(verbs).map(([v, h]) => [v, h.totalCount, (h.totalCount / mixedSecs).toFixed(0), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99))]),
  ];
  console.log('\nverb            requests   req/s   p50 ms   p99 ms');
  for (const r of rows) console.log(`${String(r[0]).padEnd(15)} ${String(r[1]).padStart(8)} ${String(r[2]).padStart(7)} ${String(r[3]).padStart(8)} ${String(r[4]).padStart(8)}`);
  console.log(`\nmixed load: ${requests} requests in ${mixedSecs}s = ${(requests / mixedSecs).toFixed(0)} req/s from ${CLIENTS} clients`);
  console.log(`watch: ${WATCHERS} watchers received ${events} events; delivery lag p50 ${ms(lag.getValueAtPercentile(50))} ms, p99 ${ms(lag.getValueAtPercentile(99))} ms`);
  console.log(`server peak RSS: ${peakRssMiB(server.pid!)} MiB`);
  console.log('goals (issue 3): single-object p99 < 100 ms, watch lag p99 < 50 ms');

  for (const r of watchReqs) r.destroy();
  conn.agent.destroy();
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  fs.rmSync(home, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
