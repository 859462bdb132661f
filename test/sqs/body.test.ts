import { describe, expect, it } from 'vitest';
import { makeBody, MIN_BODY_BYTES, parseBody } from '../../src/sqs/load/body';

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
});
