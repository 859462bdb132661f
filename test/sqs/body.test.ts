import { describe, expect, it } from 'vitest';
import { batchRequestBody, makeBody, MIN_BODY_BYTES, parseBody } from '../../src/sqs/load/body';

describe('message bodies', () => {
  it('are exactly the requested size and carry run, sequence, time and poison flag', () => {
    const b = makeBody('abcd1234', 41, 10240, true, 1700000000123.5);
    expect(Buffer.byteLength(b)).toBe(10240);
    expect(parseBody(b)).toEqual({ run: 'abcd1234', seq: 41, t: 1700000000123.5, poison: true });
    expect(JSON.parse(b).s).toBe(41);
  });
  it('fit the header at the smallest allowed size', () => {
    const b = makeBody('abcd1234', 999_999, MIN_BODY_BYTES);
    expect(Buffer.byteLength(b)).toBe(MIN_BODY_BYTES);
    expect(parseBody(b)?.seq).toBe(999_999);
  });
  it('leave bodies the kit did not write unparsed', () => {
    expect(parseBody('{"hello":"world"}')).toBeUndefined();
    expect(parseBody(undefined)).toBeUndefined();
  });
  it('make the SendMessageBatch document JSON.stringify would write, without escaping the padding', () => {
    const url = 'http://sqs.us-east-1.localhost:4566/000000000000/load-1';
    const poison = [false, true, false];
    const t = 1700000000123.25;
    const input = { QueueUrl: url, Entries: poison.map((p, i) => ({ Id: String(i), MessageBody: makeBody('abcd1234', 70 + i, 1024, p, t) })) };
    expect(batchRequestBody(url, 'abcd1234', 70, 1024, poison, t).toString()).toBe(JSON.stringify(input));
  });
});
