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

/** Boundaries of one kind of area with counts of interventions matching the filter. */
export function getBoundaries(kind, filter, { signal } = {}) {
  const params = new URLSearchParams({ kind });
  if (filter) params.set('filter', filter);
  return getJson(`/api/geo/areas?${params}`, { signal });
}

/** The URL of the first page of interventions serving an area. */
export function inAreaUrl(code, filter) {
  const params = new URLSearchParams({
    $filter: filter,
    $select: LIST_FIELDS.join(','),
    $expand: 'Organisation($select=Name,NameCy),Venues,Areas($select=Code,NameEn,NameCy)',
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
