import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isStale, formatDate, pick } from '../src/format.js';

test('a listing verified on or after the server\'s stale line is current; before it or never verified is stale', () => {
  assert.equal(isStale('2025-01-01', '2024-12-29'), false);
  assert.equal(isStale('2024-12-29', '2024-12-29'), false);
  assert.equal(isStale('2024-12-28', '2024-12-29'), true);
  assert.equal(isStale(null, '2024-12-29'), true);
  assert.equal(isStale('2020-01-01', null), false, 'with no line from the server, a dated listing is not flagged');
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
