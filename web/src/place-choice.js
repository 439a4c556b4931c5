// What a place search leads to: an area (its name matched here) or the server's answer for a town,
// village, postcode district or postcode (GET /api/places/search), one place or a choice of several.
// Pure module: no DOM; the server is passed in; unit-tested in tests/place-choice.test.mjs.

import { normalisePostcode } from './state.js';
import { matchPlaces, normaliseName } from './places.js';

const OUTCODE = /^[A-Z]{1,2}\d[A-Z\d]?$/;
const MAX_CHOICES = 10;

/** Whether the text is shaped like a postcode district ("LL57") or a full postcode ("cf10 1aa"). */
export function looksLikePostcode(text) {
  const compact = String(text).toUpperCase().replace(/\s+/g, '');
  return OUTCODE.test(compact) || normalisePostcode(compact) !== null;
}

/** The area whose whole name, Welsh name or alias is the text (case, accents and punctuation aside). */
export function exactArea(text, areas) {
  const query = normaliseName(text);
  return matchPlaces(text, areas).find((a) =>
    [a.NameEn, a.NameCy, ...(a.Aliases ?? [])].some((name) => name && normaliseName(name) === query)) ?? null;
}

const fromCandidate = (c) => ({
  area: c.localAuthority, name: c.name, nameCy: c.nameCy, kind: c.kind,
  postcode: c.postcode ?? null, approximate: Boolean(c.approximate),
});
const fromArea = (a) => ({ area: a.Code, name: a.NameEn, nameCy: a.NameCy, kind: 'area', postcode: null, approximate: false });

/**
 * What a search for the text leads to: { go: choice }, { choose: choices }, { outside: true } (a postcode
 * outside Wales) or { none: true }. A choice is { area, name, nameCy, kind, postcode, approximate }.
 * @param {string} text
 * @param {{ areas: object[], areasByCode: Map<string, object>,
 *   search: (text: string) => Promise<{candidates: object[], areas?: string[]}> }} options
 */
export async function resolvePlace(text, { areas, areasByCode, search }) {
  const postcodeLike = looksLikePostcode(text);
  if (!postcodeLike) {
    const area = exactArea(text, areas);
    if (area) return { go: fromArea(area) };
  }
  const { candidates, areas: areaCodes = [] } = await search(text);
  if (postcodeLike) {
    const [first] = candidates;
    if (!first) return { none: true };
    return areasByCode.has(first.localAuthority) ? { go: fromCandidate(first) } : { outside: true };
  }
  // An area's name with a Welsh mutation undone by the server ("Ngwynedd").
  const mutatedArea = areaCodes.find((code) => areasByCode.has(code));
  if (mutatedArea) return { go: fromArea(areasByCode.get(mutatedArea)) };
  const inWales = candidates.filter((c) => areasByCode.has(c.localAuthority));
  const exact = inWales.filter((c) => c.exact);
  if (exact.length === 1) return { go: fromCandidate(exact[0]) };
  if (exact.length > 1) return { choose: exact.map(fromCandidate) };
  const partial = [...matchPlaces(text, areas).map(fromArea), ...inWales.map(fromCandidate)].slice(0, MAX_CHOICES);
  if (partial.length === 1) return { go: partial[0] };
  if (partial.length > 1) return { choose: partial };
  return { none: true };
}
