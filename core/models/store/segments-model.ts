/**
 * The segments model as the runtime sees it (core/models/kinds.ts): read the
 * customers' history from the gold tables, train (pure, core/models/segments/),
 * write the segments and per-customer scores with the run.
 * It lives beside the store because it joins the reader and the writer, which
 * the pure model code may not import.
 */
import { defineModel } from '../runtime.js';
import { readSegmentsData, segmentsDataRange } from '../data/segments.js';
import { trainSegments } from '../segments/train.js';
import { writeSegments } from './segments.js';

export const SEGMENTS_KIND = 'segments';

export const segmentsModel = defineModel({
  kind: SEGMENTS_KIND,
  title: 'Customer segments and value',
  read: readSegmentsData,
  train: (data, ctx) => trainSegments(data, ctx),
  write: writeSegments,
  dataRange: segmentsDataRange,
});
