/**
 * Dates as the API and the command line take them: 'YYYY-MM-DD', a day that
 * exists on the calendar, and ranges whose start is not after their end.
 * Shared by common/api.ts and common/api-dashboards.ts (neither imports the
 * other for it), and by the CLI's option parsing, so every entry point refuses
 * the same dates with the same sentence.
 */
import { z } from 'zod';

/** True when `s` is 'YYYY-MM-DD' and names a real day (no 2011-02-30, no month 13). */
export function isRealIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Why `s` is not a usable date, or null when it is. */
export function dateProblem(s: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return `"${s.slice(0, 40)}" is not a date as YYYY-MM-DD`;
  if (!isRealIsoDate(s)) return `${s} is not a day on the calendar`;
  return null;
}

/** Why a from/to pair is unusable (either date, or their order), or null. */
export function rangeProblem(from: string | undefined, to: string | undefined): string | null {
  for (const d of [from, to]) {
    const p = d === undefined ? null : dateProblem(d);
    if (p) return p;
  }
  if (from !== undefined && to !== undefined && from > to) return `the period starts (${from}) after it ends (${to})`;
  return null;
}

export const IsoDate = z.string().superRefine((s, ctx) => {
  const p = dateProblem(s);
  if (p) ctx.addIssue({ code: 'custom', message: p });
});

/** An object schema's from/to checked for order (each date is checked by IsoDate). */
export function orderedRange<T extends z.ZodType<{ from?: string | undefined; to?: string | undefined }>>(schema: T): T {
  return schema.refine((v) => v.from === undefined || v.to === undefined || !isRealIsoDate(v.from) || !isRealIsoDate(v.to) || v.from <= v.to, {
    message: 'the period starts after it ends (from is later than to)',
    path: ['from'],
  });
}

/** { from?, to? }: every API method that takes a date range uses this one. */
export const DateRange = orderedRange(z.object({ from: IsoDate.optional(), to: IsoDate.optional() }));
