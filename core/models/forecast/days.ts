/**
 * YYYYMMDD integers <-> day numbers (days since 1970-01-01, UTC), so that the
 * models index days by plain integers and no time zone can move a day.
 */
const DAY_MS = 86_400_000;

export function dayNumber(yyyymmdd: number): number {
  const y = Math.floor(yyyymmdd / 10000);
  const m = Math.floor(yyyymmdd / 100) % 100;
  const d = yyyymmdd % 100;
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function fromDayNumber(day: number): number {
  const t = new Date(day * DAY_MS);
  return t.getUTCFullYear() * 10000 + (t.getUTCMonth() + 1) * 100 + t.getUTCDate();
}

/** A YYYYMMDD date `days` later (or earlier, when negative). */
export function addDaysYmd(yyyymmdd: number, days: number): number {
  return fromDayNumber(dayNumber(yyyymmdd) + days);
}

/** b − a in days. */
export function daysBetween(a: number, b: number): number {
  return dayNumber(b) - dayNumber(a);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(yyyymmdd: number): number {
  return (new Date(dayNumber(yyyymmdd) * DAY_MS).getUTCDay() + 6) % 7;
}

export function ymdToIso(d: number): string {
  const s = String(d);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

export function isoToYmd(iso: string): number {
  return Number(iso.slice(0, 4)) * 10000 + Number(iso.slice(5, 7)) * 100 + Number(iso.slice(8, 10));
}
