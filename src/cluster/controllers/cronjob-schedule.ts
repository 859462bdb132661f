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
const NAMES = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)$/i;

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

function fieldError(field: string, idx: number): string | undefined {
  const [, min, max] = RANGES[idx];
  for (const part of field.split(',')) {
    const [range, step] = part.split('/');
    if (step !== undefined && !/^\d+$/.test(step)) return `failed to parse int from ${step}: strconv.Atoi: parsing "${step}": invalid syntax`;
    if (range === '*' || range === '?') continue;
    for (const v of range.split('-')) {
      if (NAMES.test(v) && (idx === 3 || idx === 4)) continue;
      if (!/^\d+$/.test(v)) return `failed to parse int from ${v}: strconv.Atoi: parsing "${v}": invalid syntax`;
      const n = Number(v);
      if (n < min) return `beginning of range (${n}) below minimum (${min}): ${part}`;
      if (n > max) return `end of range (${n}) above maximum (${max}): ${part}`;
    }
  }
  return undefined;
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
  const fields = expr.split(/\s+/);
  if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: ${text}`);
  for (const [i, f] of fields.entries()) {
    const err = fieldError(f, i);
    if (err) throw new Error(err);
  }
  // cron-parser counts 7 as Sunday and knows L/#/H; the checks above keep robfig's grammar.
  const tz = timeZone || 'UTC';
  CronExpressionParser.parse(expr, { tz });
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
