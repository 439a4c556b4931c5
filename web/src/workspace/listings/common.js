// What the listings pages share: the settings and areas the public pages read (api.js), the vocabularies
// (vocab.js, loaded by main.js before any page), every page of an OData answer, and a listing's ETag.

import { getAreas, getConfig, getVocabularies } from '../../api.js';
import { setVocabularies, termsOf } from '../../vocab.js';
import { isStale } from '../../format.js';
import { get } from '../session.js';

let support = null;

/** { config, areas }: /api/config (staleBefore, hiddenBefore) and /odata/Areas, fetched once per page load. */
export function loadSupport() {
  support ??= Promise.all([getConfig(), getAreas(), termsOf('status').length ? null : getVocabularies()])
    .then(([config, areas, terms]) => {
      if (terms) setVocabularies(terms);
      return { config, areas };
    });
  support.catch(() => { support = null; });
  return support;
}

/** Every row of an OData collection, following @odata.nextLink; throws with the API's answer on an error. */
export async function readAll(url, { signal } = {}) {
  const rows = [];
  let next = url;
  while (next) {
    const answer = await get(next, { signal });
    if (!answer.ok) throw Object.assign(new Error(answer.body?.error?.message ?? `HTTP ${answer.status}`), { answer });
    rows.push(...(answer.body.value ?? []));
    next = answer.body['@odata.nextLink'] ?? null;
  }
  return rows;
}

/** The ETag of a write's answer: the header, else the body's @odata.etag. */
export function etagOf(answer, fallback = null) {
  return answer.response?.headers.get('ETag') ?? answer.body?.['@odata.etag'] ?? fallback;
}

/** 'stale', 'overdue' (hidden from the public) or null, by the dates the server gives in /api/config. */
export function freshness(lastVerified, config) {
  const day = (lastVerified ?? '').slice(0, 10);
  if (config.hiddenBefore && day < config.hiddenBefore) return 'overdue';
  if (isStale(day, config.staleBefore)) return 'stale';
  return null;
}

/** The date of an Edm.DateTimeOffset or Edm.Date as 'YYYY-MM-DD' (UTC). */
export const dayOf = (text) => (text ? String(text).slice(0, 10) : '');
