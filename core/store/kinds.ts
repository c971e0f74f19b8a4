/** sales_lines.kind codes (see migrations.ts). */
export const KIND = { sale: 0, refund: 1, cancel: 2, adjustment: 3, void: 4 } as const;
export type LineKind = keyof typeof KIND;

/** YYYYMMDD integer <-> 'YYYY-MM-DD'. */
export function dayToIso(day: number): string {
  const y = Math.floor(day / 10000);
  const m = Math.floor(day / 100) % 100;
  const d = day % 100;
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

export function isoToDay(iso: string): number {
  return Number(iso.slice(0, 4)) * 10000 + Number(iso.slice(5, 7)) * 100 + Number(iso.slice(8, 10));
}

/**
 * What a line is, goods or not: non-product lines are counted apart from net
 * sales, by class. Stored by name in products.non_product_kind (NULL for goods).
 */
export const CHARGE = { goods: 0, shipping: 1, tip: 2, fee: 3, adjustment: 4 } as const;
export type Charge = (typeof CHARGE)[keyof typeof CHARGE];
export const CHARGE_NAMES = [null, 'shipping', 'tip', 'fee', 'adjustment'] as const;
export type NonProductKind = Exclude<(typeof CHARGE_NAMES)[number], null>;

export function chargeFromName(name: string | null): Charge {
  const i = CHARGE_NAMES.indexOf(name as NonProductKind);
  return (i < 0 ? CHARGE.goods : i) as Charge;
}
