import { UserError } from '../../cli/errors';

/**
 * Kubernetes resource quantities ("100m", "0.5", "128Mi", "1G", "1e3"), parsed and printed as
 * apimachinery does (staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go). The value is
 * kept exact as mantissa × 10^exponent with BigInt; it is never a float.
 */

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

// quantity.go: splitREString and the parse errors, word for word.
export const QUANTITY_REGEX = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const ERR_FORMAT_WRONG = `quantities must match the regular expression '${QUANTITY_REGEX}'`;
export const ERR_SUFFIX = "unable to parse quantity's suffix";

/** A quantity that does not parse. The message is apimachinery's, so the API server can return it as is. */
export class QuantityError extends UserError {
  readonly input: string;
  constructor(message: string, input: string) {
    super(message, { hint: `"${input}" is not a quantity; write a number with an optional suffix, e.g. 100m, 0.5, 2, 128Mi, 1G` });
    this.input = input;
  }
}

// suffix.go: decimal SI prefixes, binary SI prefixes (powers of 2), and e<n> exponents.
const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_EXPONENT = new Map(Object.entries(BINARY_SUFFIXES).map(([s, e]) => [e, s]));

// A Quantity is capped at 2^63-1 ("maxAllowed") and rounded up to 10^-9 ("Nano").
const MAX_ALLOWED = (1n << 63n) - 1n;
const NANO = -9;

const SUFFIX_CHARS = 'eEinumkKMGTP';

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Divides, rounding away from zero (inf.RoundUp), as quantities round "up". */
function divAwayFromZero(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b === a ? q : a < 0n ? q - 1n : q + 1n;
}

export class Quantity {
  /** The value is mantissa × 10^exponent. */
  readonly mantissa: bigint;
  readonly exponent: number;
  /** How String() prints it: the kind of suffix it was written with. */
  readonly format: QuantityFormat;

  constructor(mantissa: bigint, exponent: number, format: QuantityFormat) {
    // Round up to nano, as ParseQuantity does: "if you want some resources, you should get some".
    if (exponent < NANO) {
      mantissa = divAwayFromZero(mantissa, pow10(NANO - exponent));
      exponent = NANO;
    }
    this.mantissa = mantissa;
    this.exponent = exponent;
    this.format = format;
  }

  isZero(): boolean {
    return this.mantissa === 0n;
  }

  /** The value scaled by 10^scale and rounded up (away from zero) to an integer: ScaledValue. */
  scaledValue(scale: number): bigint {
    const e = this.exponent - scale;
    return e >= 0 ? this.mantissa * pow10(e) : divAwayFromZero(this.mantissa, pow10(-e));
  }

  /** Value(): the integer value, rounded up (e.g. bytes, pods). */
  value(): number {
    return Number(this.scaledValue(0));
  }

  /** MilliValue(): the value in thousandths, rounded up (e.g. millicores: "0.1m" → 1). */
  milliValue(): number {
    return Number(this.scaledValue(-3));
  }

  /** Compares values: -1, 0 or 1. */
  cmp(other: Quantity): number {
    const e = Math.min(this.exponent, other.exponent);
    const a = this.mantissa * pow10(this.exponent - e);
    const b = other.mantissa * pow10(other.exponent - e);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  add(other: Quantity): Quantity {
    const e = Math.min(this.exponent, other.exponent);
    return new Quantity(this.mantissa * pow10(this.exponent - e) + other.mantissa * pow10(other.exponent - e), e, this.format);
  }

  /** The canonical form (CanonicalizeBytes): no fractional digits, the largest suffix that loses nothing. */
  toString(): string {
    if (this.isZero()) return '0';
    let format = this.format;
    if (format === 'BinarySI') {
      const integral = this.exponent >= 0 || this.mantissa % pow10(-this.exponent) === 0n;
      const small = this.cmp(new Quantity(1024n, 0, 'DecimalSI')) < 0 && this.cmp(new Quantity(-1024n, 0, 'DecimalSI')) > 0;
      if (small || !integral) format = 'DecimalSI';
    }
    if (format === 'BinarySI') {
      // AsCanonicalBase1024Bytes: divide by 1024 while it divides exactly.
      let n = this.scaledValue(0);
      let exp = 0;
      while (exp < 60 && n % 1024n === 0n) {
        n /= 1024n;
        exp += 10;
      }
      return `${n}${BINARY_BY_EXPONENT.get(exp) ?? ''}`;
    }
    // AsCanonicalBytes: move factors of ten into the exponent, then lower it to a multiple of 3.
    let m = this.mantissa;
    let e = this.exponent;
    while (m % 10n === 0n) {
      m /= 10n;
      e += 1;
    }
    while (((e % 3) + 3) % 3 !== 0) {
      m *= 10n;
      e -= 1;
    }
    if (format === 'DecimalExponent') return e === 0 ? `${m}` : `${m}e${e}`;
    const suffix = DECIMAL_BY_EXPONENT.get(e);
    return suffix !== undefined ? `${m}${suffix}` : `${m}e${e}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** ParseQuantity. Numbers are read as YAML/JSON numbers are: `cpu: 0.5` is "0.5". */
export function parseQuantity(input: string | number | Quantity): Quantity {
  if (input instanceof Quantity) return input;
  const str = typeof input === 'number' ? String(input) : input;
  if (str.length === 0) throw new QuantityError(ERR_FORMAT_WRONG, str);
  // parseQuantityString: sign, integer digits, optional "." and fraction, then the suffix.
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/s.exec(str);
  if (!m) throw new QuantityError(ERR_FORMAT_WRONG, str);
  const [, sign, intPart, fracPart = '', suffix] = m;
  const suffixOk = new RegExp(`^[${SUFFIX_CHARS}]*[-+]?[0-9]*$`).test(suffix);
  if (!suffixOk) throw new QuantityError(ERR_FORMAT_WRONG, str);
  // Like upstream, a missing number reads as 0 ("+", ".", "m" all parse to zero).
  let mantissa = BigInt((intPart || '0') + fracPart);
  if (sign === '-') mantissa = -mantissa;
  let exponent = -fracPart.length;
  let format: QuantityFormat;
  if (suffix in BINARY_SUFFIXES) {
    format = 'BinarySI';
    mantissa *= 1n << BigInt(BINARY_SUFFIXES[suffix]);
  } else if (suffix in DECIMAL_SUFFIXES) {
    format = 'DecimalSI';
    exponent += DECIMAL_SUFFIXES[suffix];
  } else if (/^[eE][-+]?[0-9]+$/.test(suffix)) {
    format = 'DecimalExponent';
    exponent += Number(suffix.slice(1));
  } else {
    throw new QuantityError(ERR_SUFFIX, str);
  }
  let q = new Quantity(mantissa, exponent, format);
  if (format === 'BinarySI') {
    const max = new Quantity(MAX_ALLOWED, 0, format);
    if (q.cmp(max) > 0) q = max;
    // ParseQuantity: a binary value between 0 and 1 is shown as DecimalSI.
    if (q.mantissa > 0n && q.cmp(new Quantity(1n, 0, format)) < 0) q = new Quantity(q.mantissa, q.exponent, 'DecimalSI');
  }
  return q;
}

/** True when the string parses as a quantity. */
export function isQuantity(input: string | number): boolean {
  try {
    parseQuantity(input);
    return true;
  } catch {
    return false;
  }
}

/** A CPU quantity in millicores ("100m" → 100, "0.5" → 500, "2" → 2000). */
export function toMillicores(input: string | number | Quantity): number {
  return parseQuantity(input).milliValue();
}

/** A byte (or count) quantity as an integer ("128Mi" → 134217728, "1G" → 1e9). */
export function toBytes(input: string | number | Quantity): number {
  return parseQuantity(input).value();
}

/** Millicores as the API prints them: 1500 → "1500m", 2000 → "2". */
export function formatMillicores(milli: number): string {
  return new Quantity(BigInt(Math.ceil(milli)), -3, 'DecimalSI').toString();
}

/** Bytes as the API prints a BinarySI quantity: 134217728 → "128Mi", 1536 → "1536" (not a whole Ki multiple → plain). */
export function formatBytes(bytes: number): string {
  return new Quantity(BigInt(Math.ceil(bytes)), 0, 'BinarySI').toString();
}
