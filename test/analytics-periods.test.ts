/** Calendar periods anchored on the data (core/analytics/periods.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, addMonths, bucketStarts, defaultAnchor, diffDays, isoWeekday, periodContaining, planPeriod, trendBucket } from '../core/analytics/periods.js';

const FIRST = '2010-12-01';
const LAST = '2011-12-09'; // a Friday, as in the Online Retail data

describe('date arithmetic', () => {
  it('adds days and months across month ends and leap years', () => {
    assert.equal(addDays('2011-12-31', 1), '2012-01-01');
    assert.equal(addDays('2012-03-01', -1), '2012-02-29');
    assert.equal(addMonths('2011-03-31', -1), '2011-02-28');
    assert.equal(addMonths('2012-02-29', -12), '2011-02-28');
    assert.equal(addMonths('2011-11-15', 3), '2012-02-15');
    assert.equal(diffDays('2011-01-01', '2011-12-31'), 364);
  });

  it('numbers weekdays from Monday', () => {
    assert.equal(isoWeekday('2011-12-05'), 0); // Monday
    assert.equal(isoWeekday('2011-12-09'), 4); // Friday
    assert.equal(isoWeekday('2011-12-11'), 6); // Sunday
  });

  it('finds the calendar period around a date', () => {
    assert.deepEqual(periodContaining('week', '2011-12-09'), { from: '2011-12-05', to: '2011-12-11' });
    assert.deepEqual(periodContaining('month', '2012-02-10'), { from: '2012-02-01', to: '2012-02-29' });
    assert.deepEqual(periodContaining('quarter', '2011-11-30'), { from: '2011-10-01', to: '2011-12-31' });
    assert.deepEqual(periodContaining('year', '2011-06-01'), { from: '2011-01-01', to: '2011-12-31' });
  });
});

describe('periods anchored on the latest date in the data', () => {
  it('defaults to the last full period, not to today', () => {
    assert.equal(defaultAnchor('day', FIRST, LAST), LAST);
    assert.deepEqual(planPeriod({ period: 'month' }, FIRST, LAST).period, {
      kind: 'month',
      from: '2011-11-01',
      to: '2011-11-30',
      label: 'November 2011',
      days: 30,
      complete: true,
    });
    assert.equal(planPeriod({ period: 'week' }, FIRST, LAST).period.from, '2011-11-28');
    assert.equal(planPeriod({ period: 'quarter' }, FIRST, LAST).period.from, '2011-07-01');
    assert.equal(planPeriod({ period: 'year' }, FIRST, LAST).period.from, '2010-01-01');
  });

  it('uses the latest partial period when no full one exists', () => {
    const p = planPeriod({ period: 'month' }, '2024-03-14', '2024-03-15');
    assert.equal(p.period.from, '2024-03-01');
    assert.equal(p.period.complete, false);
    assert.deepEqual(p.effective, { from: '2024-03-01', to: '2024-03-15' });
    assert.equal(p.previous, null, 'February is not in the data');
    assert.equal(p.nav.prevAnchor, null);
  });

  it('compares a full month with the full month before, and a year before only when the data has it', () => {
    const p = planPeriod({ period: 'month' }, FIRST, LAST);
    assert.deepEqual(p.previous, { from: '2011-10-01', to: '2011-10-31' });
    assert.equal(p.lastYear, null, 'November 2010 is before the data');
    const dec = planPeriod({ period: 'month', anchor: '2011-12-01' }, FIRST, LAST);
    assert.equal(dec.period.complete, false);
    assert.deepEqual(dec.effective, { from: '2011-12-01', to: '2011-12-09' });
    assert.deepEqual(dec.previous, { from: '2011-11-01', to: '2011-11-09' }, 'like for like: the same 9 days');
    assert.deepEqual(dec.lastYear, { from: '2010-12-01', to: '2010-12-09' });
    assert.equal(dec.nav.nextAnchor, null);
    assert.equal(dec.nav.prevAnchor, '2011-11-30');
  });

  it('compares days and weeks with 52 weeks before, keeping the weekday', () => {
    const d = planPeriod({ period: 'day' }, FIRST, LAST);
    assert.deepEqual(d.lastYear, { from: '2010-12-10', to: '2010-12-10' });
    assert.equal(isoWeekday(d.lastYear.from), isoWeekday(LAST));
    assert.deepEqual(d.previous, { from: '2011-12-08', to: '2011-12-08' });
  });

  it('takes a custom range as given, ordered, with the same number of days before', () => {
    const p = planPeriod({ period: 'custom', from: '2011-11-20', to: '2011-11-06' }, FIRST, LAST);
    assert.deepEqual([p.period.from, p.period.to, p.period.days], ['2011-11-06', '2011-11-20', 15]);
    assert.deepEqual(p.previous, { from: '2011-10-22', to: '2011-11-05' });
    assert.equal(p.nav.prevAnchor, null);
  });
});

describe('trend buckets', () => {
  it('uses days for a month, weeks for a year, months beyond', () => {
    assert.equal(trendBucket(31), 'day');
    assert.equal(trendBucket(365), 'week');
    assert.equal(trendBucket(800), 'month');
    assert.deepEqual(bucketStarts('week', { from: '2011-11-01', to: '2011-11-20' }), ['2011-10-31', '2011-11-07', '2011-11-14']);
    assert.deepEqual(bucketStarts('month', { from: '2011-11-15', to: '2012-01-02' }), ['2011-11-01', '2011-12-01', '2012-01-01']);
  });
});
