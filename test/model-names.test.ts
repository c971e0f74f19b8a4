/** The forecast models' names as the Forecasts page and the report print them (common/model-names.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelName } from '../common/model-names.js';

test('model names in words: every candidate, the yearly ones, and an unknown name as it is', () => {
  assert.equal(modelName('ets'), 'Exponential smoothing');
  assert.equal(modelName('theta+year'), "Theta method, with last year's pattern");
  assert.equal(modelName('ets+year'), "Exponential smoothing, with last year's pattern");
  assert.equal(modelName('something-new'), 'something-new');
});
