/**
 * π as Perl's Math::BigFloat `bpi(N)` prints it: N significant digits, the last one rounded
 * half-up from the next digit (Math/BigFloat.pm, sub bpi: "$round_up = $next_digit lt '5' ? 0 : 1";
 * above 1000 digits it switches to Brent-Salamin and rounds to N digits, which gives the same
 * digits since π has no ties). Trailing zeros are kept, because the result carries accuracy N.
 */

/** Math::BigFloat's default div_scale: `bpi(0)` and `bpi()` without accuracy give 40 digits. */
export const BIGFLOAT_DIV_SCALE = 40;

const GUARD_DIGITS = 20;

/** arctan(1/x) scaled by `one`, by its Taylor series (converges fast for x = 5 and 239). */
function arctanInv(x: bigint, one: bigint): bigint {
  const x2 = x * x;
  let term = one / x;
  let sum = term;
  let n = 1n;
  let sign = -1n;
  while (term !== 0n) {
    term /= x2;
    n += 2n;
    sum += (sign * term) / n;
    sign = -sign;
  }
  return sum;
}

/** The first `count` decimal digits of π ("31415…"), exact (Machin's formula with guard digits). */
export function piDigits(count: number): string {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`piDigits: count must be a positive integer, got ${count}`);
  const one = 10n ** BigInt(count - 1 + GUARD_DIGITS);
  // Machin (1706): π/4 = 4·arctan(1/5) − arctan(1/239)
  const pi = 4n * (4n * arctanInv(5n, one) - arctanInv(239n, one));
  return pi.toString().slice(0, count);
}

/** `bpi(n)` as Perl prints it, e.g. bpi(5) → "3.1416", bpi(1) → "3". */
export function bpi(n: number = BIGFLOAT_DIV_SCALE): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('Argument to accuracy must be greater than zero');
  const digits = n === 0 ? BIGFLOAT_DIV_SCALE : n;
  const raw = piDigits(digits + 1);
  let kept = BigInt(raw.slice(0, digits));
  if (raw[digits] >= '5') kept += 1n;
  const s = kept.toString(); // π's leading digit is 3, so rounding up never adds a digit
  return s.length === 1 ? s : `${s[0]}.${s.slice(1)}`;
}
