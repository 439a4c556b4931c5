// The search held in the URL, so it can be bookmarked, shared and walked with back/forward.
// Pure module: works on URLSearchParams / strings only.

import { FACETS, FACET_KEYS } from './facets.js';

export const MAP_KINDS = ['local-authority', 'vawdasv-region', 'police-force-area', 'health-board'];
export const LANGUAGES = ['en', 'cy'];

/** @typedef {{ area: string|null, postcode: string|null, show: string, lang: string|null, filters: Record<string, string[]>, page: number }} SearchState */

export const MAX_PAGE = 1000;

const AREA_CODE = /^[A-Z0-9][A-Z0-9-]{1,15}$/;

/** @returns {SearchState} */
export function emptyState() {
  return { area: null, postcode: null, show: MAP_KINDS[0], lang: null, filters: {}, page: 1 };
}

/**
 * @param {string|URLSearchParams} search e.g. location.search
 * @returns {SearchState}
 */
export function parseState(search) {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const state = emptyState();
  const area = (params.get('area') ?? '').trim().toUpperCase();
  if (AREA_CODE.test(area)) state.area = area;
  const postcode = normalisePostcode(params.get('postcode') ?? '');
  if (postcode) state.postcode = postcode;
  const show = params.get('show');
  if (MAP_KINDS.includes(show)) state.show = show;
  const lang = params.get('lang');
  if (LANGUAGES.includes(lang)) state.lang = lang;
  const page = params.get('page') ?? '';
  // How many pages of the list are shown ("Show more" adds one); more than the results hold is clamped on showing.
  if (/^\d{1,4}$/.test(page) && Number(page) > 1) state.page = Math.min(Number(page), MAX_PAGE);
  for (const key of FACET_KEYS) {
    const raw = params.get(key);
    if (!raw) continue;
    const values = [...new Set(raw.split(',').map((v) => v.trim()).filter(Boolean))];
    if (values.length) state.filters[key] = values.sort();
  }
  return state;
}

/**
 * A stable query string (leading '?', or '' when empty): same search, same URL.
 * @param {SearchState} state
 */
export function formatState(state) {
  const params = new URLSearchParams();
  if (state.area) params.set('area', state.area);
  if (state.postcode) params.set('postcode', state.postcode);
  for (const { key } of FACETS) {
    const values = state.filters?.[key];
    if (values?.length) params.set(key, [...new Set(values)].sort().join(','));
  }
  if (state.show && state.show !== MAP_KINDS[0]) params.set('show', state.show);
  if (state.lang && state.lang !== 'en') params.set('lang', state.lang);
  if (state.page > 1) params.set('page', String(state.page));
  const text = params.toString().replaceAll('%2C', ',');
  return text ? `?${text}` : '';
}

/** Number of filter values chosen. */
export function countFilters(state) {
  return Object.values(state.filters ?? {}).reduce((n, values) => n + values.length, 0);
}

const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/;

/** 'cf10 1aa' → 'CF10 1AA'; anything that is not a full UK postcode → null. */
export function normalisePostcode(text) {
  const compact = String(text).toUpperCase().replace(/\s+/g, '');
  if (!POSTCODE.test(compact)) return null;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}
