import type { AddressInfo } from 'node:net';
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { isUserError, UserError } from '../../cli/errors';
import { errorType, sqsClient } from '../client';
import { creationOrder, QueueDecl, SqsConfig } from './config';
import { FaultSpec, InjectedCounts, Injector, LatencySpec } from './inject';

export interface EndpointOptions {
  /** 4566 by default (the port AWS emulators use); 0 picks a free one. */
  port?: number;
  /** 127.0.0.1 by default: the endpoint has no authentication, so it stays on this machine. */
  host?: string;
  config?: SqsConfig;
  latency?: LatencySpec;
  faults?: FaultSpec;
  seed?: number;
}

export interface QueueDepth {
  name: string;
  /** ApproximateNumberOfMessages: ready to receive. */
  visible: number;
  /** ApproximateNumberOfMessagesNotVisible: received, not yet deleted. */
  inFlight: number;
  delayed: number;
}

/** A running embedded SQS endpoint: fauxqs in this process, with latency and fault injection in front. */
export interface SqsEndpoint {
  url: string;
  port: number;
  setLatency(l: LatencySpec): void;
  setFaults(f: FaultSpec): void;
  /** What the injector did so far (requests seen, throttled, 5xx, dropped). */
  injected(): InjectedCounts;
  /** Create the queues (DLQs first) with their redrive policies; existing ones are left as they are. */
  createQueues(queues: QueueDecl[]): Promise<void>;
  depths(): Promise<QueueDepth[]>;
  stop(): Promise<void>;
}

interface FastifyLike {
  addHook(name: 'onRequest', fn: (req: { raw: import('node:http').IncomingMessage; headers: Record<string, unknown> }, reply: { raw: import('node:http').ServerResponse; hijack(): void }) => Promise<void>): void;
  listen(o: { port: number; host: string }): Promise<string>;
  server: import('node:http').Server;
  close(): Promise<void>;
  inject(o: { method: string; url: string }): Promise<{ statusCode: number; body: string }>;
}

/** Queue attributes for a declaration; the DLQ is referenced by ARN, so it must exist first. */
async function queueAttributes(client: SQSClient, q: QueueDecl, arnOf: (name: string) => Promise<string>): Promise<Record<string, string>> {
  const attrs: Record<string, string> = { ...(q.attributes ?? {}) };
  if (q.visibilityTimeout !== undefined) attrs.VisibilityTimeout = String(q.visibilityTimeout);
  if (q.dlq) attrs.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: await arnOf(q.dlq), maxReceiveCount: q.maxReceiveCount ?? 5 });
  return attrs;
}

/** The ARN of a queue created earlier in this pass (a DLQ comes before the queues that name it). */
function queueArnOf(client: SQSClient, urls: Map<string, string>): (name: string) => Promise<string> {
  return async (name) => {
    const r = await client.send(new GetQueueAttributesCommand({ QueueUrl: urls.get(name)!, AttributeNames: ['QueueArn'] }));
    return r.Attributes!.QueueArn!;
  };
}

/** Create declared queues through the SQS API itself (the same calls work on real AWS). */
export async function createDeclaredQueues(client: SQSClient, queues: QueueDecl[]): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  const arnOf = queueArnOf(client, urls);
  for (const q of creationOrder(queues)) {
    const Attributes = await queueAttributes(client, q, arnOf);
    const r = await client.send(new CreateQueueCommand({ QueueName: q.name, Attributes }));
    urls.set(q.name, r.QueueUrl!);
  }
  return urls;
}

/**
 * Create the queues that are missing and set the attributes of those that exist (CreateQueue
 * fails with QueueNameExists when attributes differ), so an edited declaration can be applied
 * again; a queue that no longer names a DLQ loses its RedrivePolicy.
 */
export async function applyDeclaredQueues(client: SQSClient, queues: QueueDecl[]): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  const arnOf = queueArnOf(client, urls);
  for (const q of creationOrder(queues)) {
    const Attributes = await queueAttributes(client, q, arnOf);
    let url: string | undefined;
    try {
      url = (await client.send(new GetQueueUrlCommand({ QueueName: q.name }))).QueueUrl;
    } catch (e) {
      if (errorType(e) !== 'QueueDoesNotExist' && errorType(e) !== 'AWS.SimpleQueueService.NonExistentQueue') throw e;
    }
    if (url === undefined) url = (await client.send(new CreateQueueCommand({ QueueName: q.name, Attributes }))).QueueUrl!;
    else await client.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { RedrivePolicy: '', ...Attributes } }));
    urls.set(q.name, url);
  }
  return urls;
}

export async function startEndpoint(opts: EndpointOptions = {}): Promise<SqsEndpoint> {
  const config = opts.config ?? { queues: [] };
  const port = opts.port ?? config.port ?? 4566;
  const host = opts.host ?? '127.0.0.1';
  const injector = new Injector({ latency: opts.latency ?? config.latency, faults: opts.faults ?? config.faults, seed: opts.seed ?? config.seed });
  creationOrder(config.queues); // a DLQ cycle fails here, before the port is taken
  // fauxqs is ESM-only; tsc keeps this import() as is in CommonJS output (module node16).
  const fauxqs = (await import('fauxqs')) as unknown as { buildApp(o: { logger: boolean }): FastifyLike };
  // buildApp rather than startFauxqs: startFauxqs listens on 0.0.0.0 and hides the Fastify instance.
  const app = fauxqs.buildApp({ logger: false });
  app.addHook('onRequest', async (req, reply) => {
    if (!req.headers['x-amz-target']) return; // only SQS API calls, never /health
    injector.counts.requests++; // every request, with injection on or off (the stop summary)
    if (injector.active && (await injector.handle(req.raw, reply.raw))) reply.hijack();
  });
  try {
    await app.listen({ port, host });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new UserError(`port ${port} on ${host} is already in use`, { hint: 'Another `kit sqs start` (or LocalStack) may be running; stop it, or pass --port 0 for a free port.' });
    throw e;
  }
  const actualPort = (app.server.address() as AddressInfo).port;
  const url = `http://${host}:${actualPort}`;
  const admin = sqsClient({ endpoint: url, maxAttempts: 1, maxSockets: 4 });
  const endpoint: SqsEndpoint = {
    url,
    port: actualPort,
    setLatency: (l) => injector.setLatency(l),
    setFaults: (f) => injector.setFaults(f),
    injected: () => ({ ...injector.counts }),
    async createQueues(queues) {
      // Declared queues are created with injection paused, so a fault rate never breaks start-up.
      const saved = { l: injector.latency, f: injector.faults };
      injector.setLatency({});
      injector.setFaults({});
      try {
        await createDeclaredQueues(admin, queues);
      } finally {
        injector.setLatency(saved.l);
        injector.setFaults(saved.f);
      }
    },
    async depths() {
      const r = await app.inject({ method: 'GET', url: '/_fauxqs/queues' });
      const list = JSON.parse(r.body) as Array<{ name: string; approximateMessageCount: number; approximateInflightCount: number; approximateDelayedCount: number }>;
      return list.map((q) => ({ name: q.name, visible: q.approximateMessageCount, inFlight: q.approximateInflightCount, delayed: q.approximateDelayedCount }));
    },
    async stop() {
      admin.destroy();
      await app.close();
    },
  };
  if (config.queues.length) {
    try {
      await endpoint.createQueues(config.queues);
    } catch (e) {
      await endpoint.stop(); // or the port stays taken and `kit sqs start` hangs
      throw isUserError(e) ? e : new UserError(`creating the declared queues failed: ${errorType(e)}: ${(e as Error).message}`, { hint: 'Check the queues and their attributes in the config file.' });
    }
  }
  return endpoint;
}
