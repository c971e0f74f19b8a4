/**
 * Calendar features of each day index of the panel (history and forecast days alike), from the start date.
 * Plain date arithmetic in UTC so that no time zone or DST shifts a day.
 */
export interface DayFeatures {
  /** 0 = Monday … 6 = Sunday. */
  weekday: Uint8Array;
  /** Day of the year as a fraction of the year, in [0, 1). */
  yearFraction: Float64Array;
  /** 0 = January … 11 = December. */
  month: Uint8Array;
}

const DAY_MS = 86_400_000;

/** UTC milliseconds of a YYYYMMDD integer; throws on an impossible date, which would shift every feature. */
export function yyyymmddToUtc(date: number): number {
  const y = Math.floor(date / 10000);
  const m = Math.floor(date / 100) % 100;
  const d = date % 100;
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (!Number.isInteger(date) || back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`not a YYYYMMDD date: ${date}`);
  }
  return ms;
}

export function dayFeatures(start: number, length: number): DayFeatures {
  const weekday = new Uint8Array(length);
  const yearFraction = new Float64Array(length);
  const month = new Uint8Array(length);
  const t0 = yyyymmddToUtc(start);
  for (let i = 0; i < length; i++) {
    const date = new Date(t0 + i * DAY_MS);
    weekday[i] = (date.getUTCDay() + 6) % 7;
    const y = date.getUTCFullYear();
    const yearStart = Date.UTC(y, 0, 1);
    const yearDays = (Date.UTC(y + 1, 0, 1) - yearStart) / DAY_MS;
    yearFraction[i] = (date.getTime() - yearStart) / DAY_MS / yearDays;
    month[i] = date.getUTCMonth();
  }
  return { weekday, yearFraction, month };
}
