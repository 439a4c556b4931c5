// A choropleth for any measure: Leaflet shading the chosen level's areas (outlines from the server, no tiles),
// a legend, and the table of the same figures as its accessible alternative.

import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { h, escapeHtml } from '../../dom.js';
import { t } from '../../i18n.js';
import { getShapes } from '../../api.js';
import { boundaryCredit, keepAreaOutOfTabOrder, translateControls } from '../../map-access.js';
import { dataTable, notes, hiddenNote } from './table.js';
import { section, select, atLevel } from './section.js';
import { areaName, formatNumber, formatShare, HIDDEN, isHidden } from './data.js';
import { gapsByArea } from './gaps.js';

const WALES = [[51.35, -5.35], [53.45, -2.65]];
const NONE = '#f2f2f2';
const HIDDEN_FILL = '#b1b4b6';
const FILLS = ['#c6dbef', '#6baed6', '#2171b5', '#08306b'];

const one = (value) => formatNumber(value, 1);
/** The measures a map can show: where each comes from, and how it is written. */
export const MEASURES = {
  interventions: { key: 'analysis.interventions', rows: (v, level) => atLevel(v.provision.rows, level).filter((r) => r.Facet === 'total'), column: 'Interventions', format: formatNumber, table: 'provision' },
  per100k: { key: 'analysis.per100k', rows: (v, level) => atLevel(v.provision.rows, level).filter((r) => r.Facet === 'total'), column: 'Per100k', format: one, table: 'provision' },
  gaps: { key: 'analysis.gaps.count', rows: (v, level) => gapsByArea(v, level).map((a) => ({ ...a.row, Gaps: a.gaps, Suppressed: [] })), column: 'Gaps', format: formatNumber, table: 'gaps' },
  waiting: { key: 'analysis.access.medianWeeks', rows: (v, level) => atLevel(v.access.rows, level), column: 'MedianWaitingWeeks', format: one, table: 'access' },
  placesPer100k: { key: 'analysis.access.placesPer100k', rows: (v, level) => atLevel(v.access.rows, level), column: 'PlacesPer100k', format: one, table: 'access' },
  ends12: { key: 'analysis.funding.within12', rows: (v, level) => atLevel(v.funding.rows, level).filter((r) => r.FundingSource === 'all'), column: 'EndsWithin12MonthsShare', format: formatShare, table: 'funding' },
  single: { key: 'analysis.funding.single', rows: (v, level) => atLevel(v.funding.rows, level).filter((r) => r.FundingSource === 'all'), column: 'SingleFunderShare', format: formatShare, table: 'funding' },
};

/** Up to four classes of equal width over the non-zero values; 0 is a class of its own (a gap). */
export function classesOf(values, format) {
  const positive = values.filter((v) => v != null && v > 0);
  const classes = [{ min: 0, max: 0, fill: NONE, label: format(0) }];
  if (positive.length === 0) return classes;
  const low = Math.min(...positive);
  const high = Math.max(...positive);
  const steps = low === high ? 1 : FILLS.length;
  for (let i = 0; i < steps; i++) {
    const min = low + ((high - low) * i) / steps;
    const max = i === steps - 1 ? high : low + ((high - low) * (i + 1)) / steps;
    classes.push({ min, max, fill: FILLS[steps === 1 ? FILLS.length - 1 : i], label: min === max ? format(min) : t('analysis.map.range', { min: format(min), max: format(max) }) });
  }
  return classes;
}

const fillOf = (value, classes) => (value == null ? HIDDEN_FILL
  : value <= 0 ? NONE : (classes.find((c, i) => i > 0 && value <= c.max) ?? classes[classes.length - 1]).fill);

let mounts = [];
let maps = [];

/** Draws the maps of the sections just put in the page (Leaflet needs its element in the page to size itself). */
export function mountMaps() {
  const waiting = mounts.map((mount) => mount().catch((error) => console.error(error)));
  mounts = [];
  return Promise.all(waiting);
}

export function clearMaps() {
  for (const map of maps) map.remove();
  maps = [];
  mounts = [];
}

export function choroplethSection(view, state, redraw) {
  const measure = MEASURES[state.map] ? state.map : 'per100k';
  const { key, column, format } = MEASURES[measure];
  const rows = MEASURES[measure].rows(view, state.level);
  const value = (r) => (isHidden(r, column) ? null : r[column] ?? 0);
  const classes = classesOf(rows.map(value), format);
  const controls = h('div', { class: 'analysis-controls-inline' }, select({
    id: 'map-measure', label: t('analysis.map.measure'), value: measure,
    options: Object.entries(MEASURES).map(([name, m]) => ({ value: name, label: t(m.key) })),
    onChange: (next) => redraw({ map: next }),
  }));
  const mapElement = h('div', { class: 'analysis-map' });
  const legend = h('div', { class: 'analysis-legend' },
    h('p', { class: 'legend-title' }, t('analysis.map.label', { measure: t(key), level: t(`kind.${state.level}`) })),
    h('ul', {}, [...classes, ...(rows.some((r) => value(r) == null) ? [{ fill: HIDDEN_FILL, label: t('analysis.map.hidden', { mark: HIDDEN }) }] : [])]
      .map((c) => {
        const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
        swatch.style.background = c.fill; // CSSOM, which the Content-Security-Policy allows
        return h('li', {}, swatch, c.label);
      })));
  const byCode = new Map(rows.map((r) => [r.AreaCode, r]));
  mounts.push(async () => {
    const shapes = await getShapes(state.level).catch((error) => {
      mapElement.replaceChildren(h('p', { class: 'chart-error' }, t('analysis.map.unavailable')));
      throw error;
    });
    const map = L.map(mapElement, { zoomSnap: 0.25, minZoom: 6, maxZoom: 11, keyboard: false, scrollWheelZoom: false, attributionControl: true });
    maps.push(map);
    translateControls(map);
    const credit = boundaryCredit(shapes.attribution);
    if (credit) map.attributionControl.addAttribution(credit);
    const layer = L.geoJSON(shapes, {
      style: (feature) => {
        const row = byCode.get(feature.properties.code);
        return { color: '#505a5f', weight: 1, fillOpacity: 0.85, fillColor: row ? fillOf(value(row), classes) : NONE };
      },
      onEachFeature: (feature, shape) => {
        const row = byCode.get(feature.properties.code);
        if (!row) return;
        shape.bindTooltip(`${escapeHtml(areaName(row))}: ${escapeHtml(value(row) == null ? HIDDEN : format(row[column]))}`, { sticky: true });
        keepAreaOutOfTabOrder(shape);
      },
    }).addTo(map);
    map.fitBounds(layer.getBounds().isValid() ? layer.getBounds() : WALES, { padding: [12, 12] });
  });
  const table = dataTable({
    id: 'map-table',
    caption: t('analysis.map.tableCaption', { measure: t(key), level: t(`kind.${state.level}`) }),
    columns: [{ label: t('analysis.area') }, { label: t(key), numeric: true }],
    rows: rows.map((r) => [areaName(r), value(r) == null && isHidden(r, column) ? HIDDEN : format(r[column])]),
  });
  return section({
    id: 'map-section', title: t('analysis.map.title'), intro: t('analysis.map.intro'), controls,
    body: [h('figure', { class: 'map-figure' }, mapElement, h('figcaption', {}, legend)), table,
      notes([hiddenNote(view[MEASURES[measure].table], rows.some((r) => isHidden(r, column)))])],
  });
}
