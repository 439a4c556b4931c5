import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchPlaces, normaliseName, pointInGeometry } from '../src/places.js';

const AREAS = [
  { Code: 'W06000001', Kind: 'local-authority', NameEn: 'Isle of Anglesey', NameCy: 'Ynys Môn', Aliases: ['Anglesey'] },
  { Code: 'W06000015', Kind: 'local-authority', NameEn: 'Cardiff', NameCy: 'Caerdydd', Aliases: [] },
  { Code: 'W06000014', Kind: 'local-authority', NameEn: 'Vale of Glamorgan', NameCy: 'Bro Morgannwg', Aliases: [] },
  { Code: 'W06000016', Kind: 'local-authority', NameEn: 'Rhondda Cynon Taf', NameCy: 'Rhondda Cynon Taf', Aliases: ['RCT'] },
  { Code: 'W11000029', Kind: 'health-board', NameEn: 'Cardiff and Vale', NameCy: 'Caerdydd a’r Fro', Aliases: ['Cardiff & Vale UHB'] },
  { Code: 'W06000021', Kind: 'local-authority', NameEn: 'Monmouthshire', NameCy: 'Sir Fynwy', Aliases: [] },
];

const codes = (text) => matchPlaces(text, AREAS).map((a) => a.Code);

test('names are compared without case, accents or punctuation', () => {
  assert.equal(normaliseName('  Ynys MÔN '), 'ynys mon');
  assert.equal(normaliseName('Cardiff & Vale'), 'cardiff and vale');
  assert.equal(normaliseName('Caerdydd a’r Fro'), 'caerdydd a r fro');
});

test('Welsh names match with or without the circumflex', () => {
  assert.equal(codes('ynys mon')[0], 'W06000001');
  assert.equal(codes('Ynys Môn')[0], 'W06000001');
  assert.equal(codes('YNYS MÔN')[0], 'W06000001');
});

test('English, Welsh and alias names all find the area', () => {
  assert.equal(codes('caerdydd')[0], 'W06000015');
  assert.equal(codes('Anglesey')[0], 'W06000001');
  assert.equal(codes('rct')[0], 'W06000016');
  assert.equal(codes('bro morgannwg')[0], 'W06000014');
  assert.equal(codes('Sir Fynwy')[0], 'W06000021');
});

test('a whole-name match beats a longer name that starts the same', () => {
  assert.deepEqual(codes('cardiff'), ['W06000015', 'W11000029']);
  assert.equal(codes('cardiff & vale')[0], 'W11000029');
});

test('a beginning or a part of a name is enough', () => {
  assert.equal(codes('monmouth')[0], 'W06000021');
  assert.equal(codes('glamorgan')[0], 'W06000014');
});

test('nothing matches nonsense or an empty query', () => {
  assert.deepEqual(codes('atlantis'), []);
  assert.deepEqual(codes('  '), []);
});

test('an area code finds its area', () => {
  assert.equal(codes('w06000015')[0], 'W06000015');
});

test('points are located in polygons, multipolygons and not in holes', () => {
  const square = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]] };
  assert.equal(pointInGeometry([1, 1], square), true);
  assert.equal(pointInGeometry([5, 5], square), false);
  assert.equal(pointInGeometry([11, 1], square), false);
  const islands = { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]]]] };
  assert.equal(pointInGeometry([5.9, 5.5], islands), true);
});
