/**
 * Calendar periods anchored on the data: pure functions on 'YYYY-MM-DD' strings
 * (UTC arithmetic, so no time zone can move a day).
 */
import type { DateSpan, PeriodKind, PeriodNav, ResolvedPeriod } from '../../common/api-dashboards.js';
import type { Db } from '../store/db.js';

const DAY_MS = 86_400_000;

export function toUtc(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

export function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Days from a to b (b − a). */
export function diffDays(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

/** 0 = Monday … 6 = Sunday. */
export function isoWeekday(date: string): number {
  return (new Date(toUtc(date)).getUTCDay() + 6) % 7;
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

function lastDayOfMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

function ymd(year: number, month0: number, day: number): string {
  return fromUtc(Date.UTC(year, month0, day));
}

/** Shifts by whole months, clamping the day (31 Mar − 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month0 = ((m % 12) + 12) % 12;
  const day = Math.min(Number(date.slice(8, 10)), lastDayOfMonth(year, month0));
  return ymd(year, month0, day);
}

/** The calendar period of a kind that contains a date (weeks run Monday to Sunday). */
export function periodContaining(kind: Exclude<PeriodKind, 'custom'>, date: string): DateSpan {
  const y = Number(date.slice(0, 4));
  const m0 = Number(date.slice(5, 7)) - 1;
  switch (kind) {
    case 'day':
      return { from: date, to: date };
    case 'week': {
      const from = addDays(date, -isoWeekday(date));
      return { from, to: addDays(from, 6) };
    }
    case 'month':
      return { from: ymd(y, m0, 1), to: ymd(y, m0, lastDayOfMonth(y, m0)) };
    case 'quarter': {
      const q0 = m0 - (m0 % 3);
      return { from: ymd(y, q0, 1), to: ymd(y, q0 + 2, lastDayOfMonth(y, q0 + 2)) };
    }
    case 'year':
      return { from: ymd(y, 0, 1), to: ymd(y, 11, 31) };
  }
}

/** The latest period of a kind that the data covers completely; the latest partial one when none is complete. */
export function defaultAnchor(kind: Exclude<PeriodKind, 'custom'>, first: string, last: string): string {
  const p = periodContaining(kind, last);
  if (p.to <= last) return last;
  const before = addDays(p.from, -1);
  return before >= first ? before : last;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function shortDate(date: string): string {
  return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1].slice(0, 3)} ${date.slice(0, 4)}`;
}

export function periodLabel(kind: PeriodKind, span: DateSpan): string {
  const y = span.from.slice(0, 4);
  switch (kind) {
    case 'day':
      return shortDate(span.from);
    case 'week':
      return `Week of ${shortDate(span.from)}`;
    case 'month':
      return `${MONTHS[Number(span.from.slice(5, 7)) - 1]} ${y}`;
    case 'quarter':
      return `Q${Math.floor((Number(span.from.slice(5, 7)) - 1) / 3) + 1} ${y}`;
    case 'year':
      return y;
    case 'custom':
      return `${shortDate(span.from)} – ${shortDate(span.to)}`;
  }
}

export interface PeriodRequest {
  period: PeriodKind;
  anchor?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface PeriodPlan {
  period: ResolvedPeriod;
  nav: PeriodNav;
  /** The part of the period the figures cover: the period cut at the latest date in the data. */
  effective: DateSpan;
  previous: DateSpan | null;
  lastYear: DateSpan | null;
  /** The whole previous period (not cut like-for-like), for a trend chart's comparison line; null when not covered. */
  previousFull: DateSpan | null;
}

/**
 * Resolves a period request against the data's first and last dates, with the
 * spans to compare it with. A period that runs past the data ("to date") is
 * compared like for like: the same number of days at the start of the previous
 * period, and the same dates a year before.
 */
export function planPeriod(req: PeriodRequest, first: string, last: string): PeriodPlan {
  let span: DateSpan;
  if (req.period === 'custom') {
    const from = req.from ?? addDays(last, -29);
    const to = req.to ?? last;
    span = from <= to ? { from, to } : { from: to, to: from };
  } else {
    const anchor = req.anchor ?? defaultAnchor(req.period, first, last);
    span = periodContaining(req.period, anchor);
  }
  const days = diffDays(span.from, span.to) + 1;
  const complete = span.to <= last;
  const effective: DateSpan = { from: span.from, to: complete ? span.to : maxDate(span.from, last) };
  const effDays = diffDays(effective.from, effective.to) + 1;

  let prevFull: DateSpan;
  if (req.period === 'month' || req.period === 'quarter' || req.period === 'year') {
    prevFull = periodContaining(req.period, addDays(span.from, -1));
  } else {
    prevFull = { from: addDays(span.from, -days), to: addDays(span.from, -1) };
  }
  const previous: DateSpan = complete ? prevFull : { from: prevFull.from, to: minDate(addDays(prevFull.from, effDays - 1), prevFull.to) };

  let lastYear: DateSpan;
  if (req.period === 'day' || req.period === 'week') {
    // 52 weeks back keeps the weekdays aligned, which is what matters in a shop.
    lastYear = { from: addDays(effective.from, -364), to: addDays(effective.to, -364) };
  } else {
    lastYear = { from: addMonths(effective.from, -12), to: addMonths(effective.to, -12) };
  }

  const covered = (s: DateSpan) => s.from >= first && s.to <= last;
  const nav: PeriodNav = {
    prevAnchor: req.period === 'custom' || addDays(span.from, -1) < first ? null : addDays(span.from, -1),
    nextAnchor: req.period === 'custom' || addDays(span.to, 1) > last ? null : addDays(span.to, 1),
  };
  return {
    period: { kind: req.period, from: span.from, to: span.to, label: periodLabel(req.period, span), days, complete },
    nav,
    effective,
    previous: covered(previous) ? previous : null,
    lastYear: covered(lastYear) ? lastYear : null,
    previousFull: prevFull.from >= first ? prevFull : null,
  };
}

/** First and last dates with sales, from the daily summary (primary-key ordered, so instant). */
export function dataRange(db: Db): { first: string; last: string } | null {
  const row = db
    .prepare('SELECT (SELECT date FROM daily_summary ORDER BY date LIMIT 1) AS first, (SELECT date FROM daily_summary ORDER BY date DESC LIMIT 1) AS last')
    .get() as {
    first: string | null;
    last: string | null;
  };
  return row.first && row.last ? { first: row.first, last: row.last } : null;
}

/** Chooses the bucket for a trend chart over a span: days up to ~2 months, weeks up to ~1.5 years, then months. */
export function trendBucket(days: number): 'day' | 'week' | 'month' {
  if (days <= 62) return 'day';
  if (days <= 550) return 'week';
  return 'month';
}

/** The first day of the bucket a date falls in. */
export function bucketStart(bucket: 'day' | 'week' | 'month', date: string): string {
  if (bucket === 'day') return date;
  if (bucket === 'week') return addDays(date, -isoWeekday(date));
  return `${date.slice(0, 7)}-01`;
}

/** Every bucket start from a span's first bucket to its last. */
export function bucketStarts(bucket: 'day' | 'week' | 'month', span: DateSpan): string[] {
  const out: string[] = [];
  let d = bucketStart(bucket, span.from);
  while (d <= span.to) {
    out.push(d);
    d = bucket === 'day' ? addDays(d, 1) : bucket === 'week' ? addDays(d, 7) : addMonths(d, 1);
  }
  return out;
}
