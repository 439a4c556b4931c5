// The server, over HTTP only: OData for listings, GeoJSON for boundaries, small JSON endpoints.

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

async function getJson(url, { signal } = {}) {
  const response = await fetch(url, { headers: { Accept: 'application/json' }, signal });
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
  return getJson(`/api/places/search?${new URLSearchParams({ q: text })}`, { signal });
}

/** The URL of the first page of interventions serving an area. */
export function inAreaUrl(code, filter) {
  const params = new URLSearchParams({
    $filter: filter,
    $select: LIST_FIELDS.join(','),
    $expand: 'Organisation($select=Name,NameCy),Venues',
    $count: 'true',
    $top: '100',
    $orderby: 'Name',
  });
  return `/odata/Interventions/InArea(code='${encodeURIComponent(code)}')?${params}`;
}

/**
 * Every page of results, one page at a time, so the list can show the first ones at once.
 * @returns {AsyncGenerator<{ value: object[], count: number|undefined }>}
 */
export async function* pages(firstUrl, { signal } = {}) {
  let url = firstUrl;
  while (url) {
    const body = await getJson(url, { signal });
    yield { value: body.value, count: body['@odata.count'] };
    url = body['@odata.nextLink'] ?? null;
  }
}

export function getIntervention(id, { signal } = {}) {
  return getJson(`/odata/Interventions(${Number(id)})?$expand=Organisation,Venues,Areas`, { signal });
}

/** {postcode, latitude, longitude, localAuthority}; ApiError 404 unknown, 501 not configured. */
export function lookupPostcode(postcode, { signal } = {}) {
  return getJson(`/api/places/postcode/${encodeURIComponent(postcode)}`, { signal });
}
