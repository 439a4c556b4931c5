// Matching what a professional types ("ynys mon", "Vale of Glamorgan", "RCT") to an area.
// Pure module: tolerant of case, accents, punctuation and '&' / 'and'.

/** Lower case, no diacritics, '&' as 'and', punctuation as space, single spaces. */
export function normaliseName(text) {
  return String(text ?? '')
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function namesOf(area) {
  return [area.NameEn, area.NameCy, ...(area.Aliases ?? [])].filter(Boolean);
}

/**
 * Areas whose English name, Welsh name or alias matches the text, best first:
 * whole-name matches, then names starting with the text, then names containing it.
 * Local authorities come before larger areas of equal rank.
 * @param {string} text
 * @param {Array<{Code:string, Kind:string, NameEn:string, NameCy:string, Aliases?:string[]}>} areas
 */
export function matchPlaces(text, areas) {
  const query = normaliseName(text);
  if (!query) return [];
  const ranked = [];
  for (const area of areas) {
    let best = Infinity;
    for (const name of namesOf(area)) {
      const n = normaliseName(name);
      if (n === query) best = Math.min(best, 0);
      else if (n.startsWith(query)) best = Math.min(best, 1);
      else if (query.length >= 3 && n.includes(query)) best = Math.min(best, 2);
    }
    if (area.Code && area.Code.toUpperCase() === query.toUpperCase().replace(/\s/g, '')) best = 0;
    if (best < Infinity) ranked.push({ area, rank: best });
  }
  const kindOrder = (k) => (k === 'local-authority' ? 0 : k === 'country' ? 2 : 1);
  ranked.sort((a, b) => a.rank - b.rank || kindOrder(a.area.Kind) - kindOrder(b.area.Kind)
    || a.area.NameEn.localeCompare(b.area.NameEn));
  return ranked.map((r) => r.area);
}

/**
 * Whether a [longitude, latitude] point lies in a GeoJSON Polygon or MultiPolygon geometry
 * (even-odd rule, holes respected). Used to turn a map click or postcode into a local authority.
 */
export function pointInGeometry(point, geometry) {
  if (!geometry) return false;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates]
    : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  return polygons.some((rings) => {
    let inside = false;
    for (const ring of rings) if (inRing(point, ring)) inside = !inside;
    return inside;
  });
}

function inRing([x, y], ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
