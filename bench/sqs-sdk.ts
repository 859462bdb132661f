// npm run bench:sqs:sdk
// CPU per call of the AWS SDK v3 client alone, with a canned answer in place of HTTP, so the figure
// does not depend on the endpoint or on what else the machine runs (bench:sqs, with both processes
// sharing two cores, swings by 2x on a busy machine). Three clients send the same SendMessageBatch
// (10 × 10 KB) and ReceiveMessage (10 × 10 KB answer):
//  - the SDK as it comes, with md5: false only (the canned answers carry no real digests): SigV4 and
//    the stock middleware stack;
//  - the kit's sqsClient() for the embedded endpoint (no SigV4, no MD5, cached middleware chain, no
//    logger or user-agent middleware, batch JSON from pre-escaped pieces);
//  - the floor: what the raw client of bench:sqs does per call besides HTTP (JSON.stringify of the
//    request, JSON.parse of the answer).
import { ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { presetBatchBody, sqsClient } from '../src/sqs/client';
import { batchRequestBody, makeBody } from '../src/sqs/load';

const URL_ = 'http://127.0.0.1:4566/000000000000/bench-1';
const SIZE = 10 * 1024;
const N = Number(process.argv[process.argv.indexOf('--calls') + 1]) || 3000;

const sendAnswer = Buffer.from(JSON.stringify({ Successful: Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageId: `m${i}`, MD5OfMessageBody: '0'.repeat(32) })) }));
const received = Array.from({ length: 10 }, (_, i) => ({ MessageId: `m${i}`, ReceiptHandle: `rh${i}`.padEnd(180, 'x'), MD5OfBody: '0'.repeat(32), Body: makeBody('abcd1234', i, SIZE) }));
const receiveText = JSON.stringify({ Messages: received });
const receiveAnswer = Buffer.from(receiveText);

/** The SDK's HttpHandler contract, answering at once with a canned body. */
function canned(client: SQSClient, answer: () => Buffer): void {
  (client.config as { requestHandler: unknown }).requestHandler = {
    metadata: { handlerProtocol: 'http/1.1' },
    handle: async () => ({ response: { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: answer() } }),
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
}

function entries(k: number, preset: boolean): Array<{ Id: string; MessageBody: string }> {
  const t = Date.now();
  const e = Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageBody: makeBody('abcd1234', k * 10 + i, SIZE, false, t) }));
  if (preset) presetBatchBody(e, batchRequestBody(URL_, 'abcd1234', k * 10, SIZE, Array<boolean>(10).fill(false), t));
  return e;
}

async function cpuPerCall(once: (k: number) => Promise<unknown>): Promise<number> {
  for (let k = 0; k < 300; k++) await once(k); // warm up (JIT, caches)
  const c0 = process.cpuUsage();
  for (let k = 0; k < N; k++) await once(k);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / N;
}

async function main(): Promise<void> {
  let answer = sendAnswer;
  const sdk = new SQSClient({ endpoint: 'http://127.0.0.1:4566', region: 'us-east-1', credentials: { accessKeyId: 'kit', secretAccessKey: 'kit' }, md5: false });
  const kit = sqsClient({ endpoint: 'http://127.0.0.1:4566' });
  for (const c of [sdk, kit]) canned(c, () => answer);
  const rows: Array<[string, number, number]> = [];
  for (const [name, client, preset] of [['SDK as it comes (md5: false)', sdk, false], ["kit's sqsClient()", kit, true]] as const) {
    answer = sendAnswer;
    const send = await cpuPerCall((k) => client.send(new SendMessageBatchCommand({ QueueUrl: URL_, Entries: entries(k, preset) })));
    answer = receiveAnswer;
    const receive = await cpuPerCall(() => client.send(new ReceiveMessageCommand({ QueueUrl: URL_, MaxNumberOfMessages: 10 })));
    rows.push([name, send, receive]);
  }
  const floorSend = await cpuPerCall(async (k) => JSON.stringify({ QueueUrl: URL_, Entries: entries(k, false) }));
  const floorReceive = await cpuPerCall(async () => JSON.parse(Buffer.from(receiveText, 'latin1').toString()) as unknown);
  rows.push(['floor (JSON only, as the raw client)', floorSend, floorReceive]);
  console.log(`SDK CPU per call, canned answers, ${N} calls each, Node ${process.version} (10 messages of ${SIZE.toLocaleString('en-US')} B per call)`);
  console.log('client                                  SendMessageBatch   ReceiveMessage');
  for (const [name, s, r] of rows) console.log(`${name.padEnd(40)}${`${s.toFixed(0)} µs`.padStart(16)}${`${r.toFixed(0)} µs`.padStart(17)}`);
  sdk.destroy();
  kit.destroy();
}

void main();
