/**
 * The kernel's side of a shared image (remote.ts has the protocol and the cluster's side).
 *
 * shareImage() registers a notebook's TypeScript workload in this process, as registerImage()
 * does, and, when a kit cluster runs (`kit start`, `kit cluster start`), with that cluster too:
 * it opens a small HTTP endpoint on 127.0.0.1 (once per process) and registers the image name,
 * the endpoint and a random token through the cluster's API, authenticated with the kubeconfig's
 * token. The cluster's kubelet then runs each container of the image here, on the cluster's
 * virtual clock, with output and exit code streamed back and kills passed on.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import YAML from 'yaml';
import { UserError } from '../../cli/errors';
import { kitHome } from '../../env/paths';
import { VirtualClock } from '../clock';
import { runningCluster } from '../run';
import { registerImage } from './catalog';
import { readMessages, type RemoteMessage, type RemoteStart } from './remote';
import { runImage } from './run';
import type { Image } from './types';

export interface SharedImage {
  name: string;
  /** The kit cluster's URL when it was registered there too. */
  cluster?: string;
  /** One line for the notebook: where the image can run now. */
  message: string;
}

/** Images this process serves, by catalog name. */
const shared = new Map<string, Image>();
let endpoint: Promise<{ url: string; token: string }> | undefined;

/**
 * Registers `image` in this kernel and with the running kit cluster, if there is one (under
 * `home`, default KIT_HOME or .kit). Re-running it replaces the image, in both.
 */
export async function shareImage(image: Image, opts: { home?: string } = {}): Promise<SharedImage> {
  const img = registerImage(image);
  shared.set(img.name, img);
  const info = runningCluster(opts.home ?? kitHome());
  if (!info) {
    return { name: img.name, message: `no kit cluster is running (start one with \`kit start\`): image "${img.name}" runs in clusters inside this kernel only` };
  }
  const { url, token } = await serveShared();
  await requestCluster(info.kubeconfig, 'POST', '/kit/v1/images', {
    name: img.name, description: img.description, example: img.example, endpoint: url, token, pid: process.pid,
  });
  return { name: img.name, cluster: info.url, message: `image "${img.name}" runs in the kit cluster at ${info.url} while this kernel runs` };
}

/** The endpoint the cluster calls back; started once, and never keeps the process alive. */
function serveShared(): Promise<{ url: string; token: string }> {
  endpoint ??= new Promise((resolve, reject) => {
    const token = crypto.randomBytes(24).toString('base64url');
    const server = http.createServer((req, res) => handleRun(req, res, token));
    server.on('clientError', (_e, socket) => socket.destroy());
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token });
    });
  });
  return endpoint;
}

function handleRun(req: http.IncomingMessage, res: http.ServerResponse, token: string): void {
  if (req.method !== 'POST' || req.url !== '/run') return void res.writeHead(404).end();
  if (req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(401).end();
  res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
  res.flushHeaders();
  const send = (m: RemoteMessage) => {
    if (!res.writableEnded && !res.destroyed) res.write(JSON.stringify(m) + '\n');
  };
  const kill = new AbortController();
  // The cluster closed the request before the end: SIGKILL, or the cluster stopped.
  res.on('close', () => kill.abort(Object.assign(new Error('SIGKILL'), { name: 'AbortError' })));
  let started = false;
  readMessages(req, (m) => {
    if ('start' in m && !started) {
      started = true;
      void run(m.start);
    } else if ('signal' in m) kill.abort(Object.assign(new Error(m.signal), { name: 'AbortError' }));
  });

  async function run(start: RemoteStart): Promise<void> {
    const image = shared.get(start.name);
    if (!image) {
      send({ error: `image "${start.name}" is no longer shared by this kernel` });
      return void res.end();
    }
    try {
      const r = await runImage(image, {
        image: start.image, command: start.command, args: start.args, env: start.env,
        hostname: start.hostname, podName: start.podName, namespace: start.namespace,
        signal: kill.signal,
        clock: new VirtualClock({ speed: start.speed, start: start.now }),
        onOutput: (stream, text) => send(stream === 'stdout' ? { stdout: text } : { stderr: text }),
      });
      send(r.killed ? { killed: true } : { exit: r.exitCode });
    } catch (e) {
      send({ error: (e as Error)?.message ?? String(e) });
    }
    res.end();
  }
}

/** The images notebooks shared with the kit cluster running under `home`, or undefined when none runs. */
export async function clusterSharedImages(home = kitHome()): Promise<{ cluster: string; images: Array<{ name: string; description: string; example: string; unavailable?: string }> } | undefined> {
  const info = runningCluster(home);
  if (!info) return undefined;
  const r = (await requestCluster(info.kubeconfig, 'GET', '/kit/v1/images')) as { images: Array<{ name: string; description: string; example: string; unavailable?: string }> };
  return { cluster: info.url, images: r.images };
}

/** One JSON request to the kit cluster with the kubeconfig's server, CA and token. */
async function requestCluster(kubeconfig: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const kc = YAML.parse(fs.readFileSync(kubeconfig, 'utf8')) as {
    clusters: Array<{ cluster: { server: string; 'certificate-authority-data'?: string } }>;
    users: Array<{ user: { token: string } }>;
  };
  const { server, 'certificate-authority-data': caData } = kc.clusters[0].cluster;
  const data = body === undefined ? '' : JSON.stringify(body);
  const url = new URL(path, server);
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = (url.protocol === 'https:' ? https : http).request(url, {
      method,
      headers: { Authorization: `Bearer ${kc.users[0].user.token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) },
      ...(caData ? { ca: Buffer.from(caData, 'base64').toString('utf8') } : {}),
    }, (res) => {
      let t = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (t += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: t }));
    });
    req.on('error', reject);
    req.end(data);
  }).catch((e: Error) => {
    throw new UserError(`cannot reach the kit cluster at ${server} (${e.message})`, { hint: 'check it with `kit cluster status`' });
  });
  let parsed: { message?: string } | undefined;
  try {
    parsed = JSON.parse(text) as { message?: string };
  } catch {
    // not JSON: the text is the message
  }
  if (status >= 300) throw new UserError(`the kit cluster refused the request: ${parsed?.message ?? text}`);
  return parsed;
}
