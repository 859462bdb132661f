/**
 * Images that run in a notebook's kernel, for the cluster `kit start` runs in its own process.
 *
 * The kernel registers an image name with the cluster (POST /kit/v1/images, see share.ts); the
 * cluster keeps a stand-in Image whose run() calls back into the kernel over one HTTP request per
 * container, both ways streamed as JSON lines:
 *   request body (cluster → kernel):  {"start": {...}}  then  {"signal": "SIGTERM"}  on a kill
 *   response (kernel → cluster):      {"stdout": "…"} / {"stderr": "…"} …  then  {"exit": 0} | {"killed": true} | {"error": "…"}
 * SIGKILL closes the request. When the kernel's process is gone the image cannot be pulled, with a
 * message that says so.
 */
import http from 'node:http';
import type { Readable } from 'node:stream';
import { processAlive } from '../../env/process';
import type { ContainerContext, Image } from './types';

/** What the kernel tells the cluster when it registers an image. */
export interface RemoteImageRegistration {
  name: string;
  description: string;
  example: string;
  /** The kernel's endpoint, http://127.0.0.1:<port>. */
  endpoint: string;
  /** Bearer token the cluster sends back to the kernel. */
  token: string;
  /** The kernel's process id: the image is unavailable once it is gone. */
  pid: number;
}

/** The first line of a run request: the image's name, the container, and the cluster's virtual clock. */
export type RemoteStart = Pick<ContainerContext, 'image' | 'command' | 'args' | 'env' | 'hostname' | 'podName' | 'namespace'> & {
  name: string;
  /** Virtual time at the start (epoch ms) and virtual seconds per real second. */
  now: number;
  speed: number;
};

export type RemoteMessage =
  | { start: RemoteStart }
  | { signal: 'SIGTERM' }
  | { stdout: string }
  | { stderr: string }
  | { exit: number }
  | { killed: true }
  | { error: string };

/** Calls onMessage for each JSON line of a stream (a line that is not JSON is skipped). */
export function readMessages(stream: Readable, onMessage: (m: RemoteMessage) => void): void {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buf += chunk;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      try {
        if (line.trim()) onMessage(JSON.parse(line) as RemoteMessage);
      } catch {
        // not ours: ignore
      }
    }
  });
}

function abortError(message: string): Error {
  return Object.assign(new Error(message), { name: 'AbortError' });
}

/** The cluster's stand-in for an image that lives in a kernel; `speed` is the cluster clock's. */
export function remoteImage(reg: RemoteImageRegistration, speed: number): Image {
  const owner = `the notebook kernel (pid ${reg.pid})`;
  return {
    name: reg.name,
    description: `${reg.description} (registered by ${owner})`,
    example: reg.example,
    unavailable: () => (processAlive(reg.pid)
      ? undefined
      : `${owner} that registered image "${reg.name}" has stopped; run the notebook cell that registers it again, or use an image \`kit images\` lists`),
    run: (ctx) => runRemote(reg, speed, ctx, `${owner} that runs image "${reg.name}" has stopped`),
  };
}

function runRemote(reg: RemoteImageRegistration, speed: number, ctx: ContainerContext, stoppedMessage: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = http.request(new URL('/run', reg.endpoint), {
      method: 'POST',
      headers: { Authorization: `Bearer ${reg.token}`, 'Content-Type': 'application/x-ndjson' },
    });
    const send = (m: RemoteMessage) => {
      if (!req.destroyed && !req.writableEnded) req.write(JSON.stringify(m) + '\n');
    };
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      ctx.signal.removeEventListener('abort', onTerm);
      req.destroy();
      fn();
    };
    const onTerm = () => send({ signal: 'SIGTERM' });
    ctx.signal.addEventListener('abort', onTerm, { once: true });
    ctx.killed?.addEventListener('abort', () => settle(() => reject(abortError('SIGKILL'))), { once: true });
    req.on('error', () => settle(() => reject(new Error(stoppedMessage))));
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return settle(() => reject(new Error(`${stoppedMessage} (it answered ${res.statusCode})`)));
      }
      readMessages(res, (m) => {
        if ('stdout' in m) ctx.stdout(m.stdout);
        else if ('stderr' in m) ctx.stderr(m.stderr);
        else if ('exit' in m) settle(() => resolve(m.exit));
        else if ('killed' in m) settle(() => reject(abortError('SIGTERM')));
        else if ('error' in m) settle(() => reject(new Error(m.error)));
      });
      res.on('close', () => settle(() => reject(new Error(stoppedMessage))));
    });
    const { image, command, args, env, hostname, podName, namespace } = ctx;
    send({ start: { name: reg.name, image, command, args, env, hostname, podName, namespace, now: ctx.now().getTime(), speed } });
    if (ctx.signal.aborted) onTerm();
  });
}
