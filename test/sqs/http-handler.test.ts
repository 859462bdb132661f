import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeanHttpHandler } from '../../src/sqs/http-handler';

let server: http.Server;
let port: number;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/silent') return; // never answers
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-echo-target': String(req.headers['x-amz-target']) });
      res.end(JSON.stringify({ got: body }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const request = (path: string) => ({ protocol: 'http:', hostname: '127.0.0.1', port, method: 'POST', path, headers: { 'x-amz-target': 'AmazonSQS.ListQueues' }, body: '{"a":1}' });

describe('LeanHttpHandler', () => {
  it('sends the request and hands the SDK status, headers and the whole body', async () => {
    const h = new LeanHttpHandler({ maxSockets: 2 });
    const { response } = await h.handle(request('/'));
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-echo-target']).toBe('AmazonSQS.ListQueues');
    expect(JSON.parse(response.body.toString())).toEqual({ got: '{"a":1}' });
    h.destroy();
  });
  it('fails a silent connection as TimeoutError, which the SDK retries', async () => {
    const h = new LeanHttpHandler({ maxSockets: 2, requestTimeoutMs: 100 });
    await expect(h.handle(request('/silent'))).rejects.toMatchObject({ name: 'TimeoutError' });
    h.destroy();
  });
  it('stops on abort (the consumer ending its long polls)', async () => {
    const h = new LeanHttpHandler({ maxSockets: 2 });
    const ac = new AbortController();
    const p = h.handle(request('/silent'), { abortSignal: ac.signal });
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    h.destroy();
  });
});
