// The server, over HTTP only: OData for listings, GeoJSON for boundaries, small JSON endpoints.

import { getLang } from './i18n.js';
import { fetchPatiently } from './retry.js';

const LIST_FIELDS = [
  'Id', 'Name', 'NameCy', 'Gender', 'AgeBands', 'CohortGroups', 'ReferralRoutes', 'Format',
  'Languages', 'WaitingTimeWeeks', 'ReferralPhone', 'ReferralEmail', 'ReferralUrl', 'Status',
  'AllWales', 'LastVerified',
];

export class ApiError extends Error {
  constructor(status, title) {
    super(title || `HTTP ${status}`);
    this.status = status;
  }
}

const early = new Map();

/** Starts a GET before the code that reads it is ready (the first search's markers, while settings load); used once. */
export function prefetch(url) {
  if (!early.has(url)) early.set(url, fetch(url, { headers: { Accept: 'application/json' } }).catch(() => null));
}

/** The prefetched answer for this URL if there is one, else a new request; asked again while the server is busy. */
function take(url, signal) {
  const started = early.get(url);
  early.delete(url);
  return fetchPatiently(url, { headers: { Accept: 'application/json' }, signal }, { first: started });
}

async function getJson(url, { signal } = {}) {
  const response = await fetchPatiently(url, { headers: { Accept: 'application/json' }, signal });
  if (!response.ok) {
    let title = '';
    try {
      title = (await response.json()).title ?? '';
    } catch {
      // not JSON
    }
    throw new ApiError(response.status, title);
  }
  return response.json();
}

export function getConfig() {
  return getJson('/api/config');
}

export async function getAreas() {
  const body = await getJson('/odata/Areas');
  return body.value;
}

export async function getVocabularies() {
  const terms = [];
  let url = '/odata/VocabularyTerms?$top=500';
  while (url) {
    const body = await getJson(url);
    terms.push(...body.value);
    url = body['@odata.nextLink'] ?? null;
  }
  return terms;
}

const shapes = new Map();

/**
 * The outlines of one kind of area (GeoJSON, no counts), fetched once a session: the server sends an
 * ETag, so a later session revalidates with a 304 instead of fetching them again.
 */
export function getShapes(kind) {
  if (!shapes.has(kind)) {
    const request = getJson(`/api/geo/boundaries?${new URLSearchParams({ kind })}`);
    request.catch(() => shapes.delete(kind));
    shapes.set(kind, request);
  }
  return shapes.get(kind);
}

/** Area code → number of interventions matching the filter, for every area of a kind (a small JSON). */
export async function getCounts(kind, filter, { signal } = {}) {
  const params = new URLSearchParams({ kind });
  if (filter) params.set('filter', filter);
  return (await getJson(`/api/geo/counts?${params}`, { signal })).counts;
}

/** Boundaries of one kind of area with counts of interventions matching the filter (as /api/geo/areas). */
export async function getBoundaries(kind, filter, { signal } = {}) {
  const [collection, counts] = await Promise.all([getShapes(kind), getCounts(kind, filter, { signal })]);
  return {
    ...collection,
    features: collection.features.map((f) => ({ ...f, properties: { ...f.properties, count: counts[f.properties.code] ?? 0 } })),
  };
}

/** Towns, villages, postcode districts and postcodes matching the text: { candidates, attribution }. */
export function searchPlaces(text, { signal } = {}) {
  // lang: the search statistics count a place search in the language it was made in.
  return getJson(`/api/places/search?${new URLSearchParams({ q: text, lang: getLang() })}`, { signal });
}

/**
 * The compact marker list for an area and filter, ordered by the displayed name in a language. Names are
 * left out (less than half the bytes): the list shows them from its pages, a popup loads its own.
 */
export function markersUrl(code, filter, lang) {
  const params = new URLSearchParams({ area: code, lang, names: 'false' });
  if (filter) params.set('filter', filter);
  return `/api/geo/markers?${params}`;
}

/**
 * Reads /api/geo/markers as it arrives (its header on the first line, one item per line), so the first
 * page can be asked for before the last marker has come.
 * @returns {AsyncGenerator<{ header?: object, items: Array<{ id: number, name: string|null, points: number[], areas: string[], serves: string[] }> }>}
 */
export async function* readMarkers(url, { signal } = {}) {
  const response = await take(url, signal);
  if (!response.ok || !response.body) throw new ApiError(response.status, '');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let rest = '';
  let fields = null;
  const item = (line) => {
    const row = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line);
    const get = (name) => row[fields.indexOf(name)];
    return { id: get('id'), name: get('name') ?? null, points: get('points'), areas: get('areas'), serves: get('serves') };
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (value) rest += value;
    const lines = rest.split('\n');
    rest = done ? '' : lines.pop();
    const chunk = { items: [] };
    for (const line of lines) {
      if (!line || line === ']}') continue;
      if (!fields) {
        chunk.header = JSON.parse(`${line}]}`);
        fields = chunk.header.fields;
      } else chunk.items.push(item(line));
    }
    if (chunk.header || chunk.items.length) yield chunk;
    if (done) return;
  }
}

/** The list fields of these interventions, in the order of `ids` (any no longer there left out). */
export async function getListItems(ids, { signal } = {}) {
  if (ids.length === 0) return [];
  const params = new URLSearchParams({
    $filter: `Id in (${ids.map(Number).join(',')})`,
    $select: LIST_FIELDS.join(','),
    $expand: 'Organisation($select=Name,NameCy),Venues,Areas($select=Code,NameEn,NameCy)',
    $top: String(ids.length),
  });
  const found = new Map();
  let url = `/odata/Interventions?${params}`;
  while (url) {
    const body = await getJson(url, { signal });
    for (const item of body.value) found.set(item.Id, item);
    url = body['@odata.nextLink'] ?? null;
  }
  return ids.map((id) => found.get(id)).filter(Boolean);
}

export function getIntervention(id, { signal } = {}) {
  return getJson(`/odata/Interventions(${Number(id)})?$expand=Organisation,Venues,Areas`, { signal });
}

/** POSTs JSON; resolves to { ok, status, body } (body: the parsed answer, or {} when it is not JSON). */
export async function postJson(url, value) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(value),
  });
  let body = {};
  try {
    body = await response.json();
  } catch {
    // no JSON body
  }
  return { ok: response.ok, status: response.status, body };
}
