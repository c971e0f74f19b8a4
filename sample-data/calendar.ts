/**
 * The shop's calendar: opening hours, closed days and the special days that
 * move footfall. Everything here is fixed (not seeded) so that the same dates
 * mean the same thing in every sample shop, and it is all written to truth.json.
 */
import { dayFromYmd, isoFromDay, nthWeekday, weekdayOf, ymdFromDay } from './dates.js';

/** Footfall by weekday (0 = Sunday), before yearly seasonality. Sundays are short days. */
export const WEEKLY_PROFILE = [0.6, 0.85, 0.85, 0.9, 0.95, 1.12, 1.45] as const;

/** Opening hours in minutes after midnight, by weekday. */
export const HOURS: ReadonlyArray<{ open: number; close: number }> = [
  { open: 10 * 60, close: 16 * 60 },
  { open: 8 * 60, close: 19 * 60 },
  { open: 8 * 60, close: 19 * 60 },
  { open: 8 * 60, close: 19 * 60 },
  { open: 8 * 60, close: 19 * 60 },
  { open: 8 * 60, close: 19 * 60 },
  { open: 8 * 60, close: 19 * 60 },
];

export interface SpecialDay {
  date: string;
  name: string;
  /** Multiplier on the day's in-store demand. */
  factor: number;
  /** Shortened hours, if any. */
  open?: number;
  close?: number;
}

export interface ClosedDay {
  date: string;
  reason: string;
}

export interface DayInfo {
  day: number;
  iso: string;
  weekday: number;
  open: boolean;
  openMin: number;
  closeMin: number;
  /** Product of the special-day factor (1 on ordinary days). */
  specialFactor: number;
  special?: string;
}

/** Closed days and special days of one calendar year. */
function yearEvents(y: number): {
  closed: Array<{ day: number; reason: string }>;
  special: Array<{ day: number; name: string; factor: number; open?: number; close?: number }>;
} {
  const thanksgiving = nthWeekday(y, 11, 4, 4);
  return {
    closed: [
      { day: dayFromYmd(y, 1, 1), reason: "New Year's Day" },
      { day: thanksgiving, reason: 'Thanksgiving' },
      { day: dayFromYmd(y, 12, 25), reason: 'Christmas Day' },
      { day: dayFromYmd(y, 12, 26), reason: 'Boxing Day (staff holiday)' },
    ],
    special: [
      // Independent Bookstore Day: last Saturday of April.
      { day: nthWeekday(y, 4, 6, -1), name: 'Independent Bookstore Day', factor: 1.5 },
      { day: dayFromYmd(y, 7, 4), name: 'Independence Day (short hours)', factor: 0.55, open: 10 * 60, close: 15 * 60 },
      { day: thanksgiving + 1, name: 'Black Friday', factor: 1.6 },
      { day: thanksgiving + 2, name: 'Small Business Saturday', factor: 1.35 },
      { day: dayFromYmd(y, 12, 24), name: 'Christmas Eve (closes 15:00)', factor: 1.25, close: 15 * 60 },
      { day: dayFromYmd(y, 12, 31), name: "New Year's Eve (closes 16:00)", factor: 0.8, close: 16 * 60 },
    ],
  };
}

export interface ShopCalendar {
  days: DayInfo[];
  closedDays: ClosedDay[];
  specialDays: SpecialDay[];
}

export function buildCalendar(firstDay: number, lastDay: number): ShopCalendar {
  const closed = new Map<number, string>();
  const special = new Map<number, { name: string; factor: number; open?: number; close?: number }>();
  for (let y = ymdFromDay(firstDay).y; y <= ymdFromDay(lastDay).y; y++) {
    const ev = yearEvents(y);
    for (const c of ev.closed) closed.set(c.day, c.reason);
    for (const s of ev.special) special.set(s.day, s);
  }
  const days: DayInfo[] = [];
  const closedDays: ClosedDay[] = [];
  const specialDays: SpecialDay[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    const weekday = weekdayOf(day);
    const iso = isoFromDay(day);
    const reason = closed.get(day);
    const sp = special.get(day);
    const hours = HOURS[weekday];
    const info: DayInfo = {
      day,
      iso,
      weekday,
      open: reason === undefined,
      openMin: sp?.open ?? hours.open,
      closeMin: sp?.close ?? hours.close,
      specialFactor: reason === undefined ? (sp?.factor ?? 1) : 0,
    };
    if (reason !== undefined) closedDays.push({ date: iso, reason });
    else if (sp) {
      info.special = sp.name;
      const entry: SpecialDay = { date: iso, name: sp.name, factor: sp.factor };
      if (sp.open !== undefined) entry.open = sp.open;
      if (sp.close !== undefined) entry.close = sp.close;
      specialDays.push(entry);
    }
    days.push(info);
  }
  return { days, closedDays, specialDays };
}
