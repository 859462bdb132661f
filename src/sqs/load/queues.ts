import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import path from 'node:path';
import { UserError } from '../../cli/errors';
import { kitHome } from '../../env/paths';
import { errorType } from '../client';

export interface ResolvedQueue {
  name: string;
  url: string;
  /** The queue's DLQ from its RedrivePolicy, when it has one. */
  dlq?: { name: string; url: string; maxReceiveCount: number };
  /** The queue's default VisibilityTimeout, seconds. */
  visibilityTimeout?: number;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'TimeoutError']);

/** Turns the first call's failure into the one-line error the learner can act on. */
export function explainCallError(e: unknown, where: string, aws: boolean): unknown {
  const t = errorType(e);
  if (UNREACHABLE.has(t))
    return new UserError(`cannot reach the SQS endpoint ${where} (${t})`, {
      hint: aws ? 'Check your network and AWS_REGION.' : 'Start it with `kit sqs start` (or `kit start`), or pass --endpoint URL.',
    });
  return e;
}

/** Every poll failed for the idle time: the one line that says why and what to do. */
export function pollFailure(type: string, idleSec: number, where: string, aws: boolean, handled: number): UserError {
  const why = `every receive failed for ${idleSec} s (${type}) after ${handled} messages were handled, so the consumers stopped`;
  if (UNREACHABLE.has(type)) return new UserError(`cannot reach the SQS endpoint ${where}: ${why}`, { hint: aws ? 'Check your network and AWS_REGION.' : 'Start it again with `kit sqs start` (or `kit start`), then receive what is left.' });
  if (type === 'RequestThrottled' || type === 'ThrottlingException')
    return new UserError(`the SQS endpoint ${where} throttled ${why}`, { hint: 'Lower --consumers/--concurrency (or the endpoint\'s --throttle-rate), or raise --max-attempts.' });
  return new UserError(`the SQS endpoint ${where} failed: ${why}`, { hint: 'Raise --max-attempts for flaky endpoints, or check the endpoint (its --error-rate/--drop-rate).' });
}

/** Where `kit sqs start` reads its queues: <kit home>/sqs.yaml, relative when under the working folder. */
function configShown(): string {
  const file = path.join(kitHome(), 'sqs.yaml');
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

function nameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}

/** Looks up each queue (and its DLQ); unknown queues are a user error unless `create` is set. */
export async function resolveQueues(client: SQSClient, names: string[], opts: { create?: boolean; where: string; aws?: boolean }): Promise<ResolvedQueue[]> {
  const out: ResolvedQueue[] = [];
  for (const name of names) {
    let url: string;
    try {
      url = (await client.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
    } catch (e) {
      const t = errorType(e);
      if (t !== 'QueueDoesNotExist' && t !== 'AWS.SimpleQueueService.NonExistentQueue') throw explainCallError(e, opts.where, !!opts.aws);
      if (!opts.create)
        throw new UserError(`queue ${name} does not exist at ${opts.where}`, {
          hint: opts.aws
            ? 'Check the name and AWS_REGION, or pass --create-queues to create it (it is not deleted afterwards).'
            : `Declare it in ${configShown()} and restart \`kit sqs start\`, or pass --create-queues.`,
        });
      url = (await client.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
    }
    const attrs = (await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['RedrivePolicy', 'VisibilityTimeout'] }))).Attributes ?? {};
    let dlq: ResolvedQueue['dlq'];
    if (attrs.RedrivePolicy) {
      const policy = JSON.parse(attrs.RedrivePolicy) as { deadLetterTargetArn: string; maxReceiveCount: number | string };
      const dlqName = nameOfArn(policy.deadLetterTargetArn);
      const dlqUrl = (await client.send(new GetQueueUrlCommand({ QueueName: dlqName }))).QueueUrl!;
      dlq = { name: dlqName, url: dlqUrl, maxReceiveCount: Number(policy.maxReceiveCount) };
    }
    out.push({ name, url, dlq, visibilityTimeout: attrs.VisibilityTimeout === undefined ? undefined : Number(attrs.VisibilityTimeout) });
  }
  return out;
}

export interface Depth {
  visible: number;
  inFlight: number;
}

/** ApproximateNumberOfMessages(+NotVisible) of one queue; approximate on real SQS by design. */
export async function queueDepth(client: SQSClient, url: string): Promise<Depth> {
  const a = (await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }))).Attributes ?? {};
  return { visible: Number(a.ApproximateNumberOfMessages ?? 0), inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) };
}

/** Messages now in the DLQs of these queues (each DLQ counted once). */
export async function dlqDepth(client: SQSClient, queues: ResolvedQueue[]): Promise<number> {
  const urls = new Set(queues.flatMap((q) => (q.dlq ? [q.dlq.url] : [])));
  let n = 0;
  for (const u of urls) {
    const d = await queueDepth(client, u);
    n += d.visible + d.inFlight;
  }
  return n;
}

/** Messages still in the source queues, visible or in flight. */
export async function remainingDepth(client: SQSClient, queues: ResolvedQueue[]): Promise<number> {
  let n = 0;
  for (const q of queues) {
    const d = await queueDepth(client, q.url);
    n += d.visible + d.inFlight;
  }
  return n;
}

export interface QueueRow {
  queue: string;
  visible: number;
  inFlight: number;
  /** The DLQ named by the queue's RedrivePolicy, and after how many receives. */
  dlq: string;
}

/** Every queue at the endpoint with its approximate depths (what `kit sqs queues` prints). */
export async function listQueueDepths(client: SQSClient, where: string, aws = false): Promise<QueueRow[]> {
  let urls: string[];
  try {
    urls = (await client.send(new ListQueuesCommand({}))).QueueUrls ?? [];
  } catch (e) {
    throw explainCallError(e, where, aws);
  }
  const rows: QueueRow[] = [];
  for (const url of urls) {
    const a = (await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'RedrivePolicy'] }))).Attributes ?? {};
    const policy = a.RedrivePolicy ? (JSON.parse(a.RedrivePolicy) as { deadLetterTargetArn: string; maxReceiveCount: number | string }) : undefined;
    rows.push({
      queue: url.slice(url.lastIndexOf('/') + 1),
      visible: Number(a.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
      dlq: policy ? `${nameOfArn(policy.deadLetterTargetArn)} after ${policy.maxReceiveCount} receives` : '',
    });
  }
  return rows.sort((x, y) => x.queue.localeCompare(y.queue));
}
