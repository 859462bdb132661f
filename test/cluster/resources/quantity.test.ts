import { describe, expect, it } from 'vitest';
import {
  ERR_FORMAT_WRONG, ERR_SUFFIX, formatBytes, formatMillicores, isQuantity, parseQuantity, QuantityError, toBytes, toMillicores,
} from '../../../src/cluster/resources';

describe('parseQuantity', () => {
  it('reads CPU quantities as millicores', () => {
    expect(toMillicores('100m')).toBe(100);
    expect(toMillicores('0.5')).toBe(500);
    expect(toMillicores('1')).toBe(1000);
    expect(toMillicores(0.25)).toBe(250);
    expect(toMillicores('1e3')).toBe(1_000_000);
    expect(toMillicores('0.1m')).toBe(1); // MilliValue rounds up
  });

  it('reads memory quantities as bytes, binary and decimal', () => {
    expect(toBytes('128Mi')).toBe(134_217_728);
    expect(toBytes('2Ki')).toBe(2048);
    expect(toBytes('1G')).toBe(1_000_000_000);
    expect(toBytes('1.5Gi')).toBe(1_610_612_736);
    expect(toBytes('1e3')).toBe(1000);
    expect(toBytes('1k')).toBe(1000);
    expect(toBytes('0.5')).toBe(1); // Value rounds up
  });

  it('prints the canonical form, as the API server returns it', () => {
    const canon = (s: string | number) => parseQuantity(s).toString();
    expect(canon('100m')).toBe('100m');
    expect(canon('0.5')).toBe('500m');
    expect(canon('1000m')).toBe('1');
    expect(canon('1.0')).toBe('1');
    expect(canon('2000')).toBe('2k');
    expect(canon('1.5Gi')).toBe('1536Mi');
    expect(canon('1.5Ki')).toBe('1536');
    expect(canon('0.5Ki')).toBe('512');
    expect(canon('0.5Mi')).toBe('512Ki');
    expect(canon('1e3')).toBe('1e3');
    expect(canon('1.5e3')).toBe('1500');
    expect(canon('0.1m')).toBe('100u');
    expect(canon('0.1n')).toBe('1n'); // rounded up to nano
    expect(canon('-1.5')).toBe('-1500m');
    expect(canon('0')).toBe('0');
    expect(canon('8Ei')).toBe('9223372036854775807'); // capped at 2^63-1
    expect(JSON.stringify({ cpu: parseQuantity('0.5') })).toBe('{"cpu":"500m"}');
  });

  it('compares and adds exactly', () => {
    expect(parseQuantity('1').cmp(parseQuantity('1000m'))).toBe(0);
    expect(parseQuantity('1Ki').cmp(parseQuantity('1k'))).toBe(1);
    expect(parseQuantity('100m').add(parseQuantity('0.2')).toString()).toBe('300m');
  });

  it('rejects malformed quantities with apimachinery’s message', () => {
    for (const bad of ['abc', '1Gb', '1 Gi', '', '0x10', '1.2.3', '1e3.5']) {
      expect(() => parseQuantity(bad), bad).toThrow(ERR_FORMAT_WRONG);
    }
    expect(ERR_FORMAT_WRONG).toBe("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    for (const bad of ['1mi', '1ki', '1e']) expect(() => parseQuantity(bad), bad).toThrow(ERR_SUFFIX);
    expect(isQuantity('250m')).toBe(true);
    expect(isQuantity('250 m')).toBe(false);
  });

  it('is a user error with a hint', () => {
    try {
      parseQuantity('two');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(QuantityError);
      expect((e as QuantityError).hint).toContain('e.g. 100m, 0.5, 2, 128Mi, 1G');
    }
  });
});

describe('formatting amounts', () => {
  it('formats millicores and bytes as kubectl shows them', () => {
    expect(formatMillicores(1500)).toBe('1500m');
    expect(formatMillicores(2000)).toBe('2');
    expect(formatMillicores(0)).toBe('0');
    expect(formatBytes(134_217_728)).toBe('128Mi');
    expect(formatBytes(16 * 1024 ** 3)).toBe('16Gi');
    expect(formatBytes(1000)).toBe('1k'); // below 1024 BinarySI prints as DecimalSI
  });
});
