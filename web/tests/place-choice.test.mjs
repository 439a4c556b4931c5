import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exactArea, looksLikePostcode, resolvePlace } from '../src/place-choice.js';

const AREAS = [
  { Code: 'W06000002', Kind: 'local-authority', NameEn: 'Gwynedd', NameCy: 'Gwynedd', Aliases: [] },
  { Code: 'W06000015', Kind: 'local-authority', NameEn: 'Cardiff', NameCy: 'Caerdydd', Aliases: [] },
  { Code: 'W06000022', Kind: 'local-authority', NameEn: 'Newport', NameCy: 'Casnewydd', Aliases: [] },
  { Code: 'W06000016', Kind: 'local-authority', NameEn: 'Rhondda Cynon Taf', NameCy: 'Rhondda Cynon Taf', Aliases: ['RCT'] },
  { Code: 'W06000005', Kind: 'local-authority', NameEn: 'Flintshire', NameCy: 'Sir y Fflint', Aliases: [] },
  { Code: 'VR-NW', Kind: 'vawdasv-region', NameEn: 'North Wales', NameCy: 'Gogledd Cymru', Aliases: [] },
];
const byCode = new Map(AREAS.map((a) => [a.Code, a]));
const place = (name, localAuthority, extra = {}) => ({
  name, nameCy: null, kind: 'village', latitude: 52, longitude: -3.5, localAuthority, exact: true, approximate: false, postcode: null, ...extra,
});

/** A stand-in for the server that answers fixed candidates (and area codes) and records what it was asked. */
function server(candidates, areaCodes = []) {
  const asked = [];
  const search = async (text) => {
    asked.push(text);
    return { candidates, areas: areaCodes };
  };
  return { asked, search };
}

const resolve = (text, candidates, areaCodes) => {
  const fake = server(candidates, areaCodes);
  return resolvePlace(text, { areas: AREAS, areasByCode: byCode, search: fake.search }).then((outcome) => ({ outcome, asked: fake.asked }));
};

test('postcode districts and full postcodes are recognised in any case and spacing', () => {
  for (const text of ['LL57', 'll57', 'CF10', 'cf10 1aa', 'CF101AA', ' SA1 ']) assert.equal(looksLikePostcode(text), true, text);
  for (const text of ['Bangor', 'RCT', 'Pentre', 'CF10 1', 'L']) assert.equal(looksLikePostcode(text), false, text);
});

test('an area typed in full is chosen without asking the server', async () => {
  const { outcome, asked } = await resolve('caerdydd', []);
  assert.equal(outcome.go.area, 'W06000015');
  assert.equal(outcome.go.kind, 'area');
  assert.deepEqual(asked, []);
  assert.equal(exactArea('north wales', AREAS).Code, 'VR-NW');
  assert.equal(exactArea('North', AREAS), null);
});

test('a single town found by the server leads to its local authority', async () => {
  const { outcome, asked } = await resolve('Fangor', [place('Bangor', 'W06000002', { kind: 'city' }), place('Bangor-on-Dee', 'W06000006', { exact: false })]);
  assert.deepEqual(asked, ['Fangor']);
  assert.equal(outcome.go.area, 'W06000002');
  assert.equal(outcome.go.name, 'Bangor');
});

test('several places of one name are offered as a choice, partial matches left out', async () => {
  const { outcome } = await resolve('Pentre', [
    place('Pentre', 'W06000005'), place('Pentre', 'W06000016'), place('Pentrebach', 'W06000024', { exact: false }),
  ]);
  assert.deepEqual(outcome.choose.map((c) => c.area), ['W06000005', 'W06000016']);
});

test('without a whole-name match, area and place names that begin with the text are offered together', async () => {
  const { outcome } = await resolve('North', [place('Northop', 'W06000005', { exact: false })]);
  assert.deepEqual(outcome.choose.map((c) => [c.kind, c.area]), [['area', 'VR-NW'], ['village', 'W06000005']]);
  const single = await resolve('Aberyst', [place('Aberystwyth', 'W06000008', { exact: false, kind: 'town' })]);
  assert.equal(single.outcome.none, true, 'a place outside the known areas is not offered');
});

test('postcodes go to the server even when they look like nothing else, and carry the approximate mark', async () => {
  const district = place('CF10', 'W06000015', { kind: 'postcode-district', postcode: 'CF10 1AA', approximate: true });
  const { outcome, asked } = await resolve('cf10 1aa', [district]);
  assert.deepEqual(asked, ['cf10 1aa']);
  assert.equal(outcome.go.area, 'W06000015');
  assert.equal(outcome.go.postcode, 'CF10 1AA');
  assert.equal(outcome.go.approximate, true);
});

test('a postcode outside Wales or unknown, and a name found nowhere, say so', async () => {
  assert.deepEqual((await resolve('HR1 1AA', [place('HR1 1AA', 'E06000019', { kind: 'postcode' })])).outcome, { outside: true });
  assert.deepEqual((await resolve('SW1A 1AA', [])).outcome, { none: true });
  assert.deepEqual((await resolve('Atlantis', [])).outcome, { none: true });
});

test('an area name the server recognised through a Welsh mutation leads to that area', async () => {
  const { outcome, asked } = await resolve('Ngwynedd', [], ['W06000002']);
  assert.deepEqual(asked, ['Ngwynedd']);
  assert.equal(outcome.go.area, 'W06000002');
  assert.equal(outcome.go.kind, 'area');
});
