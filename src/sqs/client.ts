import { SQSClient, SQSClientConfig } from '@aws-sdk/client-sqs';
import { UserError } from '../cli/errors';
import { LeanHttpHandler } from './http-handler';

// The SDK warns once per process on Node 20 that releases after January 2027 will need Node 22.
// The kit supports Node ≥ 20.19 and pins a version that runs there; the warning would land on
// the learner's stderr (and in notebook outputs), so it is off unless the user set it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface SqsClientOptions {
  /** http://127.0.0.1:4566 for the embedded endpoint. Ignored with `aws`. */
  endpoint?: string;
  /** Real AWS: credentials and region from the usual env vars / profile. */
  aws?: boolean;
  region?: string;
  /** Attempts per call, the first one included (SDK standard retry mode; default 3). */
  maxAttempts?: number;
  /** Check the MD5 of every body the endpoint echoes (the SDK default). Off by default: it costs CPU and the kit checks ids itself. */
  verifyMd5?: boolean;
  /** Sockets per host (keep-alive). Must exceed the concurrency, or requests queue in the agent. */
  maxSockets?: number;
}

/** Every failed attempt, including those the SDK retried and the caller never saw. */
export class AttemptLog {
  attempts = 0;
  /** Attempts beyond the first of each call: the retries the SDK made. */
  retries = 0;
  failedAttempts = 0;
  readonly byType: Record<string, number> = {};
  reset(): void {
    this.attempts = this.retries = this.failedAttempts = 0;
    for (const k of Object.keys(this.byType)) delete this.byType[k];
  }
  record(e: unknown): void {
    if ((e as Error)?.name === 'AbortError') return; // the tester's own stop, not the endpoint's fault
    this.failedAttempts++;
    const t = errorType(e);
    this.byType[t] = (this.byType[t] ?? 0) + 1;
  }
}

/** A short name for an error: the SQS error code, or the Node socket error code. */
export function errorType(e: unknown): string {
  const err = e as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  if (err?.code && /^E[A-Z]+$/.test(err.code)) return err.code;
  const name = err?.name && err.name !== 'Error' ? err.name : err?.code ?? 'Error';
  return name;
}

const callAttempts = new WeakMap<object, number>();

/** Dummy credentials: fauxqs checks no signatures, but the SDK needs something to sign with. */
const LOCAL_CREDENTIALS = { accessKeyId: 'kit', secretAccessKey: 'kit' };

/**
 * The embedded endpoint checks no signatures, so SigV4 (a SHA-256 of every 100 KB batch, a canonical
 * request, an HMAC chain: a tenth of the tester's CPU) is skipped there. The Authorization header
 * keeps its credential scope, from which fauxqs reads the region (regionFromAuth). Real AWS
 * (`aws: true`) keeps the SDK's AwsSdkSigV4Signer.
 */
class LocalSigner {
  constructor(private readonly region: string) {}
  async sign<R extends { headers: Record<string, string> }>(request: R, identity: { accessKeyId?: string }): Promise<R> {
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    request.headers.authorization = `AWS4-HMAC-SHA256 Credential=${identity.accessKeyId ?? 'kit'}/${day}/${this.region}/sqs/aws4_request, SignedHeaders=host, Signature=unsigned-local`;
    return request;
  }
}

export function sqsClient(opts: SqsClientOptions = {}, log?: AttemptLog): SQSClient {
  const maxSockets = opts.maxSockets ?? 256;
  const region = opts.region ?? 'us-east-1';
  const client = new SQSClient({
    ...(opts.aws
      ? { region: opts.region }
      : {
          endpoint: opts.endpoint ?? 'http://127.0.0.1:4566',
          region,
          credentials: LOCAL_CREDENTIALS,
          httpAuthSchemes: [{ schemeId: 'aws.auth#sigv4', identityProvider: (ipc) => ipc.getIdentityProvider('aws.auth#sigv4'), signer: new LocalSigner(region) as never }],
        }),
    // A QueueUrl from fauxqs names sqs.<region>.localhost; send every call to the endpoint we were given.
    useQueueUrlAsEndpoint: false,
    maxAttempts: opts.maxAttempts ?? 3,
    // Resolve the middleware chain once per command class, not per call (getMiddlewareList sorted the
    // stack for every request). The chain's context object is then shared by concurrent calls, so the
    // kit's middlewares keep per-call state on the call's input object, never on the context.
    cacheMiddleware: true,
    ...(opts.verifyMd5 ? {} : { md5: false as const }),
    requestHandler: new LeanHttpHandler({ maxSockets }) as unknown as SQSClientConfig['requestHandler'],
  });
  addFastBatchBodies(client);
  // The kit passes no logger, yet with the SDK's NoOpLogger this middleware still walks every input
  // and output through the schema's sensitive-data filter (schemaLogFilter) to log it nowhere.
  client.middlewareStack.remove('loggerMiddleware');
  if (!opts.aws) {
    // The User-Agent header (built and escaped per request) is for AWS's metrics; fauxqs reads none.
    client.middlewareStack.remove('getUserAgentMiddleware');
  }
  if (log) {
    // finalizeRequest/low runs inside the SDK's retry middleware (finalizeRequest/high): once per attempt.
    client.middlewareStack.add(
      (next) => async (args) => {
        log.attempts++;
        // The input object is one per call (the retry middleware passes the same args to each attempt): a second attempt with it is a retry.
        const n = (callAttempts.get(args.input) ?? 0) + 1;
        callAttempts.set(args.input, n);
        if (n > 1) log.retries++;
        try {
          return await next(args);
        } catch (e) {
          log.record(e);
          throw e;
        }
      },
      { step: 'finalizeRequest', priority: 'low', name: 'kitAttemptLog' },
    );
  }
  return client;
}

const PLAIN_ENTRY_KEYS = new Set(['Id', 'MessageBody', 'DelaySeconds', 'MessageGroupId', 'MessageDeduplicationId']);
const fastBodies = new WeakMap<object, string | Buffer>();
const presetBodies = new WeakMap<object, Buffer>();

/**
 * The producer already knows the request's JSON (it builds the bytes from pre-escaped pieces, see
 * batchRequestBody): keyed on the Entries array, it is sent as is instead of JSON.stringify(input).
 * A client without the kit's middleware ignores it and serializes Entries as usual.
 */
export function presetBatchBody(entries: object, body: Buffer): void {
  presetBodies.set(entries, body);
}

/**
 * SendMessageBatch bodies are written with V8's JSON.stringify (or taken from presetBatchBody)
 * instead of the SDK's schema serializer, which escapes every character of every body in
 * JavaScript (a fifth of the tester's CPU with 10 KB bodies). Only for entries of plain strings,
 * where both give the same AWS JSON 1.0 document: the SDK serializes the call with empty Entries,
 * and the full body replaces it before signing (build step, ahead of content-length and SigV4).
 */
function addFastBatchBodies(client: SQSClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { QueueUrl?: string; Entries?: Array<Record<string, unknown>> };
      if (context.commandName === 'SendMessageBatchCommand' && Array.isArray(input.Entries)) {
        const json = presetBodies.get(input.Entries) ?? (input.Entries.every((e) => Object.keys(e).every((k) => PLAIN_ENTRY_KEYS.has(k))) ? JSON.stringify(input) : undefined);
        if (json !== undefined) {
          const empty = { ...input, Entries: [] };
          fastBodies.set(empty, json);
          return next({ ...args, input: empty as typeof args.input });
        }
      }
      return next(args);
    },
    { step: 'initialize', priority: 'low', name: 'kitFastBatchInput' },
  );
  client.middlewareStack.add(
    (next) => async (args) => {
      const body = fastBodies.get(args.input as object);
      const request = args.request as { body?: unknown; headers?: Record<string, string> };
      if (body !== undefined && request.headers) {
        request.body = body;
        request.headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.length);
      }
      return next(args);
    },
    { step: 'build', priority: 'high', name: 'kitFastBatchBody' },
  );
}

/** Real-AWS preflight: resolve region and credentials without sending anything. */
export async function checkAwsCredentials(client: SQSClient): Promise<{ region: string }> {
  let region: string | undefined;
  try {
    region = await client.config.region();
  } catch {
    region = undefined;
  }
  if (!region)
    throw new UserError('no AWS region is set for --aws', { hint: 'Set AWS_REGION (e.g. `export AWS_REGION=ap-northeast-2`) or a region in your AWS profile.' });
  try {
    const c = await client.config.credentials();
    if (!c?.accessKeyId) throw new Error('empty');
  } catch {
    throw new UserError('no AWS credentials found for --aws', {
      hint: 'Run `aws configure` or set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY); leave out --aws to use the embedded endpoint.',
    });
  }
  return { region };
}
