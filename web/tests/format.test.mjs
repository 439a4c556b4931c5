import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isStale, formatDate, pick } from '../src/format.js';

const today = new Date('2025-06-30T12:00:00Z');

test('a listing verified within the period is current; older or never verified is stale', () => {
  assert.equal(isStale('2025-01-01', 365, today), false);
  assert.equal(isStale('2024-06-29', 365, today), true);
  assert.equal(isStale(null, 365, today), true);
});

test('dates are written in English or Welsh', () => {
  assert.equal(formatDate('2024-03-05', 'en'), '5 March 2024');
  assert.equal(formatDate('2024-03-05', 'cy'), '5 Mawrth 2024');
  assert.equal(formatDate('', 'en'), '');
});

test('Welsh content is shown in Welsh when it exists', () => {
  assert.equal(pick('cy', 'Cardiff', 'Caerdydd'), 'Caerdydd');
  assert.equal(pick('cy', 'Cardiff', null), 'Cardiff');
  assert.equal(pick('en', 'Cardiff', 'Caerdydd'), 'Cardiff');
});
