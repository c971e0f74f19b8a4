/**
 * The shop's calendar, learnt from its own history (pure; holidays are given):
 *  - a weekday it never trades (under 10% of the last year's such days have
 *    sales) is closed: forecast 0 on it, left out of the models' weekly season;
 *  - any other day with no sales at all in the history is a closure (a bank
 *    holiday, a Christmas gap): the models see it filled in from the week before,
 *    so it pulls no average down;
 *  - ahead, a day is closed when it falls on a closed weekday, on a date the shop
 *    was closed for three or more days running a year before (the Christmas gap),
 *    or on a public holiday when the shop closed on most past public holidays.
 */
import { dayNumber, fromDayNumber, weekdayOf } from './days.js';

export interface ShopCalendar {
  /** YYYYMMDD of day 0. */
  start: number;
  /** Days of history (0..n−1) and days ahead (n..n+h−1). */
  n: number;
  h: number;
  /** Per day of history and ahead: 0 = Monday … 6 = Sunday. */
  weekday: Uint8Array;
  /** 1 where the shop is (or is expected to be) closed. */
  closed: Uint8Array;
  /** 1 on a public holiday of the shop's country. */
  holiday: Uint8Array;
  /** 1 where the weekday is one the shop trades on: the days the per-series models see. */
  regular: Uint8Array;
  closedWeekdays: number[];
  /** Open weekdays: the season length of the per-series models. */
  season: number;
  /** Whether the shop closed on most past public holidays (so future ones are forecast as 0). */
  closesOnHolidays: boolean;
}

const LONG_CLOSURE_DAYS = 3;

/**
 * @param total the shop's daily sales, day 0 = `start`, one value per day (0 where nothing sold)
 * @param holidays the public holidays (YYYYMMDD) over history and the h days ahead
 */
export function buildCalendar(total: ArrayLike<number>, start: number, h: number, holidays: ReadonlySet<number>): ShopCalendar {
  const n = total.length;
  const len = n + h;
  const weekday = new Uint8Array(len);
  const holiday = new Uint8Array(len);
  const d0 = dayNumber(start);
  const w0 = weekdayOf(start);
  for (let i = 0; i < len; i++) {
    weekday[i] = (w0 + i) % 7;
    if (holidays.has(fromDayNumber(d0 + i))) holiday[i] = 1;
  }
  // Closed weekdays, from the last year of history.
  const from = Math.max(0, n - 364);
  const seen = new Array<number>(7).fill(0);
  const traded = new Array<number>(7).fill(0);
  for (let i = from; i < n; i++) {
    seen[weekday[i]]++;
    if (total[i] !== 0) traded[weekday[i]]++;
  }
  const closedWeekdays: number[] = [];
  for (let w = 0; w < 7; w++) if (seen[w] >= 4 && traded[w] < 0.1 * seen[w]) closedWeekdays.push(w);
  if (closedWeekdays.length === 7) closedWeekdays.length = 0;
  const regular = new Uint8Array(len);
  for (let i = 0; i < len; i++) regular[i] = closedWeekdays.includes(weekday[i]) ? 0 : 1;

  const closed = new Uint8Array(len);
  for (let i = 0; i < n; i++) closed[i] = !regular[i] || total[i] === 0 ? 1 : 0;
  // Long closures of the history (runs of closed days that include LONG_CLOSURE_DAYS regular days), as dates.
  const longClosed = new Set<number>();
  for (let i = 0; i < n;) {
    if (!closed[i]) {
      i++;
      continue;
    }
    let j = i;
    let regularDays = 0;
    while (j < n && closed[j]) regularDays += regular[j++];
    if (regularDays >= LONG_CLOSURE_DAYS && j < n) for (let k = i; k < j; k++) if (regular[k]) longClosed.add(fromDayNumber(d0 + k));
    i = j;
  }
  let holidaysSeen = 0;
  let holidaysClosed = 0;
  for (let i = 0; i < n; i++) {
    if (holiday[i] && regular[i]) {
      holidaysSeen++;
      holidaysClosed += closed[i];
    }
  }
  const closesOnHolidays = holidaysSeen > 0 && holidaysClosed * 2 > holidaysSeen;
  for (let i = n; i < len; i++) {
    const date = fromDayNumber(d0 + i);
    const lastYear = date - 10000; // the same day and month a year before
    closed[i] = !regular[i] || longClosed.has(lastYear) || (closesOnHolidays && holiday[i]) ? 1 : 0;
  }
  return { start, n, h, weekday, closed, holiday, regular, closedWeekdays, season: 7 - closedWeekdays.length, closesOnHolidays };
}

/**
 * A series as the per-series models see it: only the regular (trading) weekdays,
 * with closures in the history filled in from the same weekday a week before (or
 * after, at the very start), so a closure neither shifts the weekly season nor
 * pulls an average down.
 */
export function openSeries(values: ArrayLike<number>, cal: ShopCalendar, n: number): Float64Array {
  const out: number[] = [];
  const gap: boolean[] = [];
  for (let i = 0; i < n; i++) {
    if (!cal.regular[i]) continue;
    out.push(values[i]);
    gap.push(cal.closed[i] === 1);
  }
  const m = cal.season;
  const y = Float64Array.from(out);
  for (let t = 0; t < y.length; t++) {
    if (!gap[t]) continue;
    if (t >= m) {
      y[t] = y[t - m]!; // already filled, in order
    } else {
      let k = t + m;
      while (k < y.length && gap[k]) k += m;
      y[t] = k < y.length ? y[k] : 0;
    }
  }
  return y;
}

/** How many regular days lie in n..n+h−1 (the per-series models forecast that many values). */
export function regularDaysAhead(cal: ShopCalendar, n: number, h: number): number {
  let c = 0;
  for (let i = n; i < n + h; i++) c += cal.regular[i];
  return c;
}

/** Spreads per-series forecasts of the regular days back onto the h calendar days: 0 on closed days. */
export function toCalendarDays(openForecast: Float64Array, cal: ShopCalendar, n: number, h: number, closed: Uint8Array): Float64Array {
  const out = new Float64Array(h);
  let j = 0;
  for (let k = 0; k < h; k++) {
    if (!cal.regular[n + k]) continue;
    const v = openForecast[j++];
    out[k] = closed[n + k] ? 0 : v;
  }
  return out;
}
