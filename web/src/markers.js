// Map markers from the compact marker answer (/api/geo/markers): every result gets at least one.
// Pure module (no Leaflet, no fetch): unit-tested in tests/markers.test.mjs.

import { escapeHtml } from './dom.js';

export const WALES = 'W92000004';

/**
 * Exact venues at their point; approximate venues at their local authority's label point; an
 * intervention with no public venue at the middle of the label points of the areas it serves within the
 * chosen area (all of the chosen area when it serves all Wales).
 * @param {Array<{ id: number, name: string|null, points: number[], areas: string[], serves: string[] }>} items
 * @param {{ labelPoints: Map<string, number[]>, members: string[], areaName: (code: string) => string,
 *   approximate: (area: string) => string, serves: (area: string) => string, unnamed?: string }} context
 * @returns {{ markers: object[], venues: number, interventions: number }}
 */
export function markersFor(items, { labelPoints, members, areaName, approximate, serves, unnamed = '' }) {
  const markers = [];
  const onMap = new Set();
  let venues = 0;
  const pointOf = (code) => {
    const point = labelPoints.get(code);
    return point && point[0] != null && point[1] != null ? point : null;
  };
  for (const item of items) {
    // Without names in the answer, a popup shows `unnamed` (e.g. "Loading…") until it is filled in.
    const name = item.name ?? '';
    const link = `<a href="/interventions/${Number(item.id)}" data-link>${escapeHtml(name || unnamed)}</a>`;
    const add = (marker) => {
      markers.push({ id: item.id, ...marker });
      onMap.add(item.id);
    };
    for (let i = 0; i + 1 < item.points.length; i += 2) {
      // The popup is filled in with the organisation and the venue's address when opened (popupFor).
      add({ latitude: item.points[i], longitude: item.points[i + 1], approximate: false, title: name || undefined, popup: link });
      venues++;
    }
    for (const code of item.areas) {
      const point = pointOf(code);
      if (!point) continue;
      const text = approximate(areaName(code));
      add({
        latitude: point[0], longitude: point[1], approximate: true, title: name ? `${name}: ${text}` : text, note: text,
        popup: `${link}<br><em>${escapeHtml(text)}</em>`,
      });
      venues++;
    }
    if (item.serves.length > 0) {
      const inChosen = item.serves.includes(WALES) ? members : item.serves.filter((c) => members.includes(c));
      const codes = inChosen.length ? inChosen : item.serves;
      const points = codes.map(pointOf).filter(Boolean);
      if (points.length === 0) continue;
      const where = item.serves.includes(WALES) ? areaName(WALES) : codes.map(areaName).join(', ');
      const text = serves(where);
      add({
        latitude: points.reduce((sum, p) => sum + p[0], 0) / points.length,
        longitude: points.reduce((sum, p) => sum + p[1], 0) / points.length,
        approximate: true, title: name ? `${name}: ${text}` : text, note: text, popup: `${link}<br><em>${escapeHtml(text)}</em>`,
      });
    }
  }
  return { markers, venues, interventions: onMap.size };
}

/**
 * The full popup of a marker once its intervention has been loaded: name, organisation, and the venue's
 * name and address (exact venues) or the marker's note (approximate venues, areas served).
 */
export function popupFor(marker, item, { name, organisation }) {
  const link = `<a href="/interventions/${Number(item.Id)}" data-link>${escapeHtml(name)}</a>`;
  let where = marker.note ?? '';
  if (!marker.approximate) {
    const near = (a, b) => a != null && Math.abs(a - b) < 1e-4;
    const venue = (item.Venues ?? []).find((v) => near(v.Latitude, marker.latitude) && near(v.Longitude, marker.longitude));
    where = venue ? [venue.Name, venue.Address, venue.Postcode].filter(Boolean).join(', ') : '';
  }
  const text = marker.approximate ? `<em>${escapeHtml(where)}</em>` : escapeHtml(where);
  return [link, escapeHtml(organisation), where ? text : ''].filter(Boolean).join('<br>');
}
