import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** Handles one order; the process may die while it runs (a deploy, an out-of-memory kill). */
export type Handler = (body: string) => Promise<void>;

/** Receives orders in batches of 10 until the queue is empty, and handles each one. */
export async function consume(client: SQSClient, queueUrl: string, handle: Handler): Promise<void> {
  for (;;) {
    const { Messages = [] } = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    if (Messages.length === 0) return;
    // Delete the batch straight away, so that no other consumer gets these messages too.
    await client.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
    for (const m of Messages) await handle(m.Body!);
  }
}
