import http from 'node:http';
import https from 'node:https';

/** The parts of the SDK's HttpRequest / HttpResponse this handler reads and fills (@smithy/types). */
export interface LeanRequest {
  protocol: string;
  hostname: string;
  port?: number;
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}
export interface LeanResponse {
  statusCode: number;
  reason?: string;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * A lean request handler for the SDK: one node:http request per call, the answer collected into a
 * Buffer (the SDK's deserializers take a Uint8Array as is). It implements the SDK's HttpHandler
 * contract (`handle(request, { abortSignal })`), as @smithy/node-http-handler does, without the
 * per-request stream plumbing that made the tester spend several times the raw client's CPU.
 */
export class LeanHttpHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly timeoutMs: number;

  constructor(opts: { maxSockets: number; requestTimeoutMs?: number }) {
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: opts.maxSockets });
    // Longer than the longest long poll (20 s); a silent socket then fails as TimeoutError, which the SDK retries.
    this.timeoutMs = opts.requestTimeoutMs ?? 60_000;
  }

  handle(request: LeanRequest, options: { abortSignal?: unknown } = {}): Promise<{ response: LeanResponse }> {
    return new Promise((resolve, reject) => {
      const signal = options.abortSignal as AbortSignal | undefined; // the SDK passes a standard AbortSignal
      if (signal?.aborted) return reject(abortError());
      const secure = request.protocol === 'https:';
      const query = request.query && Object.keys(request.query).length ? '?' + new URLSearchParams(request.query as Record<string, string>).toString() : '';
      const req = (secure ? https : http).request(
        {
          agent: secure ? this.httpsAgent : this.httpAgent,
          protocol: request.protocol,
          hostname: request.hostname,
          port: request.port,
          method: request.method,
          path: request.path + query,
          headers: request.headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            signal?.removeEventListener('abort', onAbort);
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
            resolve({ response: { statusCode: res.statusCode ?? 0, reason: res.statusMessage, headers, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) } });
          });
        },
      );
      const onAbort = () => {
        req.destroy();
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.setTimeout(this.timeoutMs, () => {
        const e = new Error(`no answer from ${request.hostname} in ${this.timeoutMs / 1000} s`);
        e.name = 'TimeoutError';
        req.destroy(e);
      });
      req.on('error', (e) => {
        signal?.removeEventListener('abort', onAbort);
        reject(e);
      });
      req.end(request.body as string | Uint8Array | undefined);
    });
  }

  updateHttpClientConfig(): void {}
  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
  destroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function abortError(): Error {
  const e = new Error('Request aborted');
  e.name = 'AbortError';
  return e;
}
