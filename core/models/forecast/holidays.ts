/**
 * Public holidays of the shop's country from `date-holidays` (maintained, ships
 * its data, works offline). Great Britain means England and Wales' bank holidays
 * unless a region is given ("GB-SCT"). Loaded lazily: it costs ~0.2 s to load.
 */
import { addDaysYmd } from './days.js';

export async function publicHolidays(country: string, from: number, to: number): Promise<Set<number>> {
  const { default: Holidays } = await import('date-holidays');
  const [code, region] = country.toUpperCase().split('-');
  const hd = region ? new Holidays(code, region) : code === 'GB' ? new Holidays('GB', 'ENG') : new Holidays(code);
  const out = new Set<number>();
  const y0 = Math.floor(from / 10000);
  const y1 = Math.floor(addDaysYmd(to, 0) / 10000);
  for (let y = y0; y <= y1; y++) {
    const list = (hd.getHolidays(y) || []) as Array<{ date: string; type: string }>;
    for (const hday of list) {
      if (hday.type !== 'public' && hday.type !== 'bank') continue;
      const d = Number(hday.date.slice(0, 10).replaceAll('-', ''));
      if (d >= from && d <= to) out.add(d);
    }
  }
  return out;
}

/** Country names as customers' records spell them → ISO code; null when unknown. */
export async function countryCode(name: string | null | undefined): Promise<string | null> {
  if (!name) return null;
  const n = name.trim().toLowerCase();
  const alias: Record<string, string> = {
    uk: 'GB',
    'great britain': 'GB',
    england: 'GB',
    scotland: 'GB-SCT',
    wales: 'GB',
    'united kingdom': 'GB',
    eire: 'IE',
    usa: 'US',
    'united states': 'US',
    rsa: 'ZA',
    'channel islands': 'JE',
  };
  if (alias[n]) return alias[n];
  if (/^[a-z]{2}$/.test(n)) return n.toUpperCase();
  const { default: Holidays } = await import('date-holidays');
  const all = new Holidays().getCountries() as Record<string, string>;
  for (const [code, label] of Object.entries(all)) if (label.toLowerCase() === n) return code;
  return null;
}
