import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseState, formatState, normalisePostcode, countFilters, emptyState } from '../src/state.js';

test('a search survives a round trip through the URL', () => {
  const state = {
    ...emptyState(),
    area: 'W06000015',
    show: 'health-board',
    lang: 'cy',
    filters: { language: ['cy'], risk: ['medium', 'high'] },
  };
  const text = formatState(state);
  assert.equal(text, '?area=W06000015&risk=high,medium&language=cy&show=health-board&lang=cy');
  assert.deepEqual(parseState(text), { ...state, postcode: null, filters: { language: ['cy'], risk: ['high', 'medium'] } });
});

test('the same search always gives the same URL', () => {
  const a = formatState({ ...emptyState(), filters: { route: ['self', 'police'], purpose: ['manage-risk'] } });
  const b = formatState({ ...emptyState(), filters: { purpose: ['manage-risk'], route: ['police', 'self', 'police'] } });
  assert.equal(a, b);
});

test('an empty search is an empty query string and English is the default', () => {
  assert.equal(formatState(emptyState()), '');
  assert.equal(formatState({ ...emptyState(), lang: 'en' }), '');
});

test('unknown or malformed parameters are ignored', () => {
  const state = parseState('?area=<b>x&show=planets&lang=fr&colour=blue&risk=,high,,');
  assert.equal(state.area, null);
  assert.equal(state.show, 'local-authority');
  assert.equal(state.lang, null);
  assert.deepEqual(state.filters, { risk: ['high'] });
});

test('area codes are accepted in any case', () => {
  assert.equal(parseState('?area=w06000015').area, 'W06000015');
});

test('postcodes are normalised and anything else is not a postcode', () => {
  assert.equal(normalisePostcode('cf10 1aa'), 'CF10 1AA');
  assert.equal(normalisePostcode('  SA1   1AA '), 'SA1 1AA');
  assert.equal(normalisePostcode('LL577DN'), 'LL57 7DN');
  assert.equal(normalisePostcode('Cardiff'), null);
  assert.equal(normalisePostcode('CF10'), null);
  assert.equal(parseState('?postcode=np201aa').postcode, 'NP20 1AA');
});

test('filters are counted', () => {
  assert.equal(countFilters({ filters: { a: ['1', '2'], b: ['3'] } }), 3);
  assert.equal(countFilters(emptyState()), 0);
});

test('region codes that are not ONS codes are kept', () => {
  assert.equal(parseState('?area=VR-NW').area, 'VR-NW');
  assert.equal(formatState({ ...emptyState(), area: 'VR-CV' }), '?area=VR-CV');
});
