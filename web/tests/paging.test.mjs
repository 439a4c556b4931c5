import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseState, formatState, emptyState, MAX_PAGE } from '../src/state.js';
import { markersFor, popupFor, WALES } from '../src/markers.js';

test('the number of pages shown lives in the URL, and the first page leaves no trace', () => {
  assert.equal(formatState({ ...emptyState(), area: 'W06000015', page: 3 }), '?area=W06000015&page=3');
  assert.equal(formatState({ ...emptyState(), area: 'W06000015', page: 1 }), '?area=W06000015');
  assert.equal(parseState('?area=W06000015&page=3').page, 3);
  for (const bad of ['0', '-2', 'x', '1.5', '', '99999']) assert.equal(parseState(`?page=${bad}`).page, 1, bad);
  assert.equal(parseState('?page=9999').page, MAX_PAGE);
});

const context = {
  labelPoints: new Map([['W06000015', [51.5, -3.2]], ['W06000014', [51.4, -3.4]], ['W06000002', [52.9, -4.0]]]),
  members: ['W06000015', 'W06000014'],
  areaName: (code) => ({ W06000015: 'Cardiff', W06000014: 'Vale of Glamorgan', W06000002: 'Gwynedd', [WALES]: 'Wales' })[code],
  approximate: (area) => `Area: ${area}`,
  serves: (area) => `Serves ${area}`,
};

test('every result gets a marker: exact venues at their points, approximate ones and area-only ones at areas', () => {
  const { markers, venues, interventions } = markersFor([
    { id: 1, name: 'Two venues', points: [51.48, -3.18, 51.49, -3.17], areas: [], serves: [] },
    { id: 2, name: 'Approximate', points: [], areas: ['W06000002'], serves: [] },
    { id: 3, name: 'All Wales', points: [], areas: [], serves: [WALES] },
    { id: 4, name: 'Serves Cardiff', points: [], areas: [], serves: ['W06000015', 'W06000002'] },
  ], context);
  assert.equal(interventions, 4);
  assert.equal(venues, 3);
  assert.deepEqual(markers.filter((m) => m.id === 1).map((m) => [m.latitude, m.longitude]), [[51.48, -3.18], [51.49, -3.17]]);
  assert.deepEqual(markers.find((m) => m.id === 2), {
    id: 2, latitude: 52.9, longitude: -4.0, approximate: true, title: 'Approximate: Area: Gwynedd', note: 'Area: Gwynedd',
    popup: '<a href="/interventions/2" data-link>Approximate</a><br><em>Area: Gwynedd</em>',
  });
  // All Wales: the middle of the chosen area; serving several areas: those within the chosen one.
  const wales = markers.find((m) => m.id === 3);
  assert.deepEqual([wales.latitude.toFixed(2), wales.longitude.toFixed(2), wales.title], ['51.45', '-3.30', 'All Wales: Serves Wales']);
  const cardiff = markers.find((m) => m.id === 4);
  assert.deepEqual([cardiff.latitude, cardiff.longitude, cardiff.title], [51.5, -3.2, 'Serves Cardiff: Serves Cardiff']);
});

test('names reach popups only as text', () => {
  const { markers } = markersFor([{ id: 7, name: '<img src=x onerror=alert(1)>', points: [51.5, -3.2], areas: [], serves: [] }], context);
  assert.equal(markers[0].popup, '<a href="/interventions/7" data-link>&lt;img src=x onerror=alert(1)&gt;</a>');
});

test('an opened popup names the organisation and the exact venue it stands for', () => {
  const item = {
    Id: 9,
    Venues: [
      { Name: 'Hub', Address: '1 High St', Postcode: 'CF10 1AA', Latitude: 51.481634, Longitude: -3.179101 },
      { Name: 'Annex', Address: '2 Low St', Postcode: 'CF10 2BB', Latitude: 51.49, Longitude: -3.17 },
    ],
  };
  const exact = { id: 9, latitude: 51.48163, longitude: -3.1791, approximate: false };
  assert.equal(popupFor(exact, item, { name: 'Programme', organisation: 'Org & Co' }),
    '<a href="/interventions/9" data-link>Programme</a><br>Org &amp; Co<br>Hub, 1 High St, CF10 1AA');
  const area = { id: 9, latitude: 51.5, longitude: -3.2, approximate: true, note: 'Area: Cardiff' };
  assert.equal(popupFor(area, item, { name: 'Programme', organisation: 'Org' }),
    '<a href="/interventions/9" data-link>Programme</a><br>Org<br><em>Area: Cardiff</em>');
});

test('without names in the answer a popup says it is loading and a marker title keeps the area', () => {
  const { markers } = markersFor([
    { id: 3, name: null, points: [51.5, -3.2], areas: ['W06000015'], serves: [] },
  ], { ...context, unnamed: 'Loading…' });
  assert.equal(markers[0].popup, '<a href="/interventions/3" data-link>Loading…</a>');
  assert.equal(markers[0].title, undefined);
  assert.equal(markers[1].title, 'Area: Cardiff');
});
