/** Model names and accuracy figures in words a shop owner reads at a glance. */
import type { ModelAccuracy } from '../../../common/api-forecast.js';
import { pct } from '../../lib/format.js';

export { modelName } from '../../../common/model-names.js';

export const LEVEL_NAMES: Record<string, string> = { total: 'Shop total', category: 'Categories', product: 'Products' };

/** "typically off by 11%" from WAPE. */
export function offBy(a: Pick<ModelAccuracy, 'wape'> | null | undefined): string {
  return a?.wape === null || a?.wape === undefined ? 'not measured' : `typically off by ${pct(a.wape, 0)}`;
}

/** How a model compares with repeating last week, from the two MASEs of the same backtest. */
export function versusNaive(mase: number | null | undefined, naiveMase: number | null | undefined): string {
  if (mase === null || mase === undefined || naiveMase === null || naiveMase === undefined || naiveMase <= 0) return '—';
  const gain = 1 - mase / naiveMase;
  if (Math.abs(gain) < 0.01) return 'as good as repeating last week';
  return gain > 0 ? `${pct(gain, 0)} better than repeating last week` : `${pct(-gain, 0)} worse than repeating last week`;
}

/** Whether an interval's coverage is honest: within ±10 points of its nominal level (80% → 70–90%). */
export function coverageWords(coverage: number | null | undefined, nominal: 0.8 | 0.95): { text: string; tone: 'good' | 'warn' | 'neutral' } {
  if (coverage === null || coverage === undefined) return { text: '—', tone: 'neutral' };
  const [lo, hi] = nominal === 0.8 ? [0.7, 0.9] : [0.88, 0.98];
  const ok = coverage >= lo && coverage <= hi;
  return { text: `${pct(coverage, 0)} of days inside`, tone: ok ? 'good' : 'warn' };
}
