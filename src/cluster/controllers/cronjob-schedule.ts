/**
 * CronJob schedules as Kubernetes reads them (robfig/cron/v3 ParseStandard): five fields or a
 * descriptor (@yearly @annually @monthly @weekly @daily @midnight @hourly, @every <duration>),
 * evaluated in spec.timeZone. cron-parser does the calendar work; this file keeps it to the
 * standard parser's grammar (no seconds field, no L/W/#/H, day of week 0–6).
 */
import { CronExpressionParser } from 'cron-parser';

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};
const RANGES: Array<[string, number, number]> = [['minute', 0, 59], ['hour', 0, 23], ['day of month', 1, 31], ['month', 1, 12], ['day of week', 0, 6]];

export interface Schedule {
  /** The first activation strictly after `ms`. */
  next(ms: number): number;
}

/** Go's time.ParseDuration for the units @every needs (h, m, s, ms). */
function parseGoDuration(s: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s)/gy;
  let total = 0;
  let pos = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * { h: 3_600_000, m: 60_000, s: 1000, ms: 1 }[m[2] as 'h']!;
    pos = re.lastIndex;
  }
  return pos === s.length && s.length > 0 ? total : undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** robfig mustParseInt: strconv.Atoi, and no negatives. */
function mustParseInt(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) throw new Error(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (n < 0) throw new Error(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

/** robfig parseIntOrName: month and weekday names (jan, mon), any case, in their fields only. */
function parseIntOrName(expr: string, idx: number): number {
  const names = idx === 3 ? MONTHS : idx === 4 ? DAYS : undefined;
  const at = names?.indexOf(expr.toLowerCase()) ?? -1;
  if (at >= 0) return idx === 3 ? at + 1 : at;
  return mustParseInt(expr);
}

/**
 * robfig/cron v3 getField/getRange checks, for their messages ("beginning of range (9) beyond end of
 * range (5): 9-5", "step of range should be a positive number: *\/0"); cron-parser does the calendar.
 */
function checkField(field: string, idx: number): void {
  const [, min, max] = RANGES[idx];
  for (const expr of field.split(',').filter((e) => e !== '')) {
    const rangeAndStep = expr.split('/');
    const lowAndHigh = rangeAndStep[0].split('-');
    let start: number;
    let end: number;
    if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') [start, end] = [min, max];
    else {
      start = parseIntOrName(lowAndHigh[0], idx);
      if (lowAndHigh.length === 1) end = start;
      else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], idx);
      else throw new Error(`too many hyphens: ${expr}`);
    }
    let step = 1;
    if (rangeAndStep.length === 2) {
      step = mustParseInt(rangeAndStep[1]);
      // "N/step" means "N-max/step".
      if (lowAndHigh.length === 1) end = max;
    } else if (rangeAndStep.length > 2) throw new Error(`too many slashes: ${expr}`);
    if (start < min) throw new Error(`beginning of range (${start}) below minimum (${min}): ${expr}`);
    if (end > max) throw new Error(`end of range (${end}) above maximum (${max}): ${expr}`);
    if (start > end) throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
    if (step === 0) throw new Error(`step of range should be a positive number: ${expr}`);
  }
}

/** Parses a schedule; throws an Error with robfig/cron's wording when it is not valid. */
export function parseSchedule(spec: string, timeZone?: string): Schedule {
  const text = spec.trim();
  if (text.startsWith('@every ')) {
    const d = parseGoDuration(text.slice(7).trim());
    if (d === undefined) throw new Error(`failed to parse duration ${text}: time: invalid duration "${text.slice(7).trim()}"`);
    // robfig ConstantDelaySchedule: at least a second, from the start of the current second.
    const delay = Math.max(1000, Math.floor(d / 1000) * 1000);
    return { next: (ms) => Math.floor(ms / 1000) * 1000 + delay };
  }
  if (text.startsWith('@') && !DESCRIPTORS[text]) throw new Error(`unrecognized descriptor: ${text}`);
  const expr = DESCRIPTORS[text] ?? text;
  const fields = expr.split(/\s+/).filter((f) => f !== '');
  // normalizeFields prints the fields with Go's %s of a []string.
  if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  fields.forEach(checkField);
  // cron-parser counts 7 as Sunday and knows L/#/H; the checks above keep robfig's grammar.
  const tz = timeZone || 'UTC';
  try {
    CronExpressionParser.parse(expr, { tz });
  } catch (e) {
    // robfig accepts a day a month never has ("0 0 30 2 *"); its Next finds none and the CronJob never
    // runs. cron-parser rejects it; keep upstream's answer: valid, never scheduled.
    if (/day of month/i.test((e as Error).message)) return { next: () => Infinity };
    throw e;
  }
  return {
    next(ms) {
      const it = CronExpressionParser.parse(expr, { currentDate: new Date(ms), tz });
      return it.next().getTime();
    },
  };
}

/** The schedule's validation error message, or undefined (for the CronJob kind's validation). */
export function scheduleError(spec: string): string | undefined {
  try {
    parseSchedule(spec);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** RFC 3339 with the zone's offset, as Go's time.Format(time.RFC3339) writes a zoned time. */
export function rfc3339InZone(ms: number, timeZone?: string): string {
  if (!timeZone || timeZone === 'UTC' || timeZone === 'Etc/UTC') return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const local = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const offMin = Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000);
  if (offMin === 0) return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}Z`;
  const sign = offMin < 0 ? '-' : '+';
  const abs = Math.abs(offMin);
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
