/**
 * Calendar arithmetic on whole days, with no dependence on the machine's time zone
 * or on today's date: a day is an integer (days since 1970-01-01), and all
 * conversions go through UTC. Only the shop's own zone (US Eastern) is modelled,
 * by its DST rule, because Shopify writes local times with their offset.
 */

const MS_PER_DAY = 86_400_000;

export function dayFromIso(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${iso}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = Math.floor(t / MS_PER_DAY);
  if (isoFromDay(day) !== iso) throw new Error(`not a real date: ${iso}`);
  return day;
}

export function dayFromYmd(y: number, month: number, d: number): number {
  return Math.floor(Date.UTC(y, month - 1, d) / MS_PER_DAY);
}

export function isoFromDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function ymdFromDay(day: number): { y: number; m: number; d: number } {
  const dt = new Date(day * MS_PER_DAY);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday, as SQLite's strftime('%w'). 1970-01-01 was a Thursday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** Day of year, 0-based. */
export function dayOfYear(day: number): number {
  const { y } = ymdFromDay(day);
  return day - dayFromYmd(y, 1, 1);
}

/** The n-th (1-based) given weekday of a month; n = -1 for the last one. */
export function nthWeekday(y: number, month: number, weekday: number, n: number): number {
  if (n > 0) {
    const first = dayFromYmd(y, month, 1);
    const offset = (weekday - weekdayOf(first) + 7) % 7;
    return first + offset + (n - 1) * 7;
  }
  const last = dayFromYmd(y, month + 1, 1) - 1; // Date.UTC rolls month 13 into January
  const back = (weekdayOf(last) - weekday + 7) % 7;
  return last - back;
}

/**
 * Is US Eastern on daylight time at this local wall-clock moment?
 * DST runs from 02:00 on the second Sunday of March to 02:00 on the first
 * Sunday of November (the rule since 2007).
 */
export function isEasternDst(day: number, secondsOfDay: number): boolean {
  const { y } = ymdFromDay(day);
  const start = nthWeekday(y, 3, 0, 2);
  const end = nthWeekday(y, 11, 0, 1);
  if (day > start && day < end) return true;
  if (day === start) return secondsOfDay >= 3 * 3600; // 02:00–02:59 does not exist; callers avoid it
  if (day === end) return secondsOfDay < 2 * 3600; // 01:00–01:59 repeats; take the first (EDT)
  return false;
}

/** Local times skipped by the spring-forward jump, which no real clock shows. */
export function isSkippedEasternTime(day: number, secondsOfDay: number): boolean {
  const { y } = ymdFromDay(day);
  return day === nthWeekday(y, 3, 0, 2) && secondsOfDay >= 2 * 3600 && secondsOfDay < 3 * 3600;
}

export function easternOffset(day: number, secondsOfDay: number): string {
  return isEasternDst(day, secondsOfDay) ? '-0400' : '-0500';
}

export function hms(secondsOfDay: number): string {
  const h = Math.floor(secondsOfDay / 3600);
  const m = Math.floor((secondsOfDay % 3600) / 60);
  const s = secondsOfDay % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${s < 10 ? '0' : ''}${s}`;
}
