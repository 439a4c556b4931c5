// The map: provision per area (choropleth with a legend), clustered venue markers,
// clicking an area to choose it. Everything shown here is also in the list and the table.

import L from 'leaflet';
import 'leaflet.markercluster';
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import { t, tn } from './i18n.js';
import { escapeHtml } from './dom.js';
import {
  boundaryCredit, keepAreaOutOfTabOrder, keepClustersOutOfTabOrder, translateControls, translatePopups,
} from './map-access.js';

const WALES = [[51.35, -5.35], [53.45, -2.65]];

const NONE = '#f2f2f2';
const FILLS = ['#c6dbef', '#6baed6', '#2171b5', '#08306b'];

/**
 * Choropleth classes for a set of counts: 'none' for 0 (a gap), then up to four ranges of equal
 * width between the smallest and largest non-zero count.
 * @returns {Array<{ min: number, max: number, fill: string }>}
 */
export function classBreaks(counts) {
  const positive = counts.filter((c) => c > 0);
  const classes = [{ min: 0, max: 0, fill: NONE }];
  if (positive.length === 0) return classes;
  const low = Math.min(...positive);
  const high = Math.max(...positive);
  const steps = Math.min(FILLS.length, high - low + 1);
  let start = low;
  for (let i = 0; i < steps; i++) {
    const end = i === steps - 1 ? high : Math.max(start, Math.round(low + ((high - low + 1) * (i + 1)) / steps) - 1);
    const fill = FILLS[Math.round((i * (FILLS.length - 1)) / Math.max(1, steps - 1))];
    classes.push({ min: start, max: end, fill });
    start = end + 1;
    if (start > high) break;
  }
  return classes;
}

export function classFor(count, classes) {
  return classes.find((c) => count >= c.min && count <= c.max) ?? classes[classes.length - 1];
}

export class ProvisionMap {
  /**
   * @param {HTMLElement} element
   * @param {{ tiles: null | { url: string, attribution: string }, onAreaClick: (code: string, latlng: L.LatLng) => void }} options
   */
  constructor(element, { tiles, onAreaClick, membersOf, onPopup }) {
    this.onAreaClick = onAreaClick;
    this.onPopup = onPopup ?? null;
    this.membersOf = membersOf ?? ((code) => [code]);
    this.localAuthorities = null;
    this.map = L.map(element, { maxZoom: 18, minZoom: 6, zoomSnap: 0.25, keyboard: true });
    this.map.fitBounds(WALES);
    translateControls(this.map);
    translatePopups(this.map);
    keepClustersOutOfTabOrder(this.map);
    if (tiles?.url) {
      L.tileLayer(tiles.url, { attribution: tiles.attribution ?? '', maxZoom: 18 }).addTo(this.map);
    }
    this.areaLayer = null;
    this.boundaryAttribution = null;
    this.selected = null;
    this.markersDrawn = null;
    this.markers = L.markerClusterGroup({
      chunkedLoading: true,
      maxClusterRadius: 45,
      showCoverageOnHover: false,
      // Called in the same turn that finishes adding: a promise resolved here settles after the drawing.
      chunkProgress: (processed, total) => {
        if (processed >= total) this.markersDrawn?.();
      },
    }).addTo(this.map);
    this.pin = null;
    this.classes = classBreaks([]);
    this.zoomPending = false;
    this.legend = L.control({ position: 'bottomright' });
    this.legend.onAdd = () => {
      const div = L.DomUtil.create('div', 'map-legend');
      div.setAttribute('data-testid', 'map-legend');
      return div;
    };
    this.legend.addTo(this.map);
  }

  /** Draw boundaries shaded by count; keeps the source's attribution on the map. */
  showAreas(collection, lang) {
    if (this.areaLayer) this.areaLayer.remove();
    if (this.boundaryAttribution) this.map.attributionControl.removeAttribution(this.boundaryAttribution);
    this.boundaryAttribution = boundaryCredit(collection.attribution);
    this.classes = classBreaks(collection.features.map((f) => f.properties.count ?? 0));
    if (this.boundaryAttribution) this.map.attributionControl.addAttribution(this.boundaryAttribution);
    this.areaLayer = L.geoJSON(collection, {
      style: (feature) => this.styleFor(feature),
      onEachFeature: (feature, layer) => {
        const p = feature.properties;
        const name = lang === 'cy' ? p.nameCy || p.nameEn : p.nameEn;
        layer.bindTooltip(`${escapeHtml(name)}: ${escapeHtml(tn('map.count', p.count ?? 0))}`, { sticky: true });
        layer.on('click', (e) => this.onAreaClick(p.code, e.latlng));
        keepAreaOutOfTabOrder(layer);
      },
    }).addTo(this.map);
    this.areaLayer.bringToBack();
    this.renderLegend();
    if (this.zoomPending) this.select(this.selected);
  }

  styleFor(feature) {
    const code = feature.properties.code;
    const selected = code === this.selected || (this.selected != null && this.membersOf(this.selected).includes(code));
    return {
      color: selected ? '#d4351c' : '#505a5f',
      weight: selected ? 4 : 1,
      fillColor: classFor(feature.properties.count ?? 0, this.classes).fill,
      fillOpacity: 0.7,
    };
  }

  renderLegend() {
    const container = this.legend.getContainer();
    if (!container) return;
    const items = this.classes.map((c) => {
      const label = c.max === 0 ? t('legend.none')
        : c.min === c.max ? String(c.min)
          : t('legend.range', { min: c.min, max: c.max });
      return `<li><span class="swatch" data-fill="${c.fill}"></span>${escapeHtml(label)}</li>`;
    }).join('');
    container.innerHTML = `<p class="legend-title">${escapeHtml(t('legend.title'))}</p><ul>${items}</ul>`
      + `<p class="legend-selected"><span class="swatch swatch-selected"></span>${escapeHtml(t('legend.selected'))}</p>`;
    // Colours are set from script: the Content-Security-Policy refuses style="" attributes in markup.
    for (const swatch of container.querySelectorAll('.swatch[data-fill]')) swatch.style.background = swatch.dataset.fill;
  }

  /** Outline the chosen area and zoom to it (a local authority of a region is not outlined). */
  select(code, { zoom = true } = {}) {
    this.selected = code;
    if (zoom) this.zoomPending = true;
    if (!this.areaLayer) return;
    this.areaLayer.setStyle((feature) => this.styleFor(feature));
    if (!this.zoomPending) return;
    this.zoomPending = false;
    const bounds = this.boundsOf(code);
    this.map.fitBounds(bounds ?? WALES, { maxZoom: 11, padding: [10, 10] });
  }

  /** The bounds of an area on the map, or of the local authorities it is made of. */
  boundsOf(code) {
    if (!code) return null;
    const layer = this.areaLayer.getLayers().find((l) => l.feature.properties.code === code);
    if (layer) return layer.getBounds();
    const members = this.membersOf(code);
    const features = this.localAuthorities?.features.filter((f) => members.includes(f.properties.code)) ?? [];
    return features.length ? L.geoJSON({ type: 'FeatureCollection', features }).getBounds() : null;
  }

  /** Local authority boundaries, to frame an area of another kind than the one shaded. */
  setLocalAuthorities(collection) {
    this.localAuthorities = collection;
    if (this.zoomPending && this.areaLayer) this.select(this.selected);
  }

  /** Show where a postcode is. */
  showPin(latitude, longitude, label) {
    if (this.pin) this.pin.remove();
    this.pin = null;
    if (latitude == null) return;
    this.pin = L.marker([latitude, longitude], {
      icon: L.divIcon({ className: 'pin-icon', html: '<span></span>', iconSize: [18, 18] }),
      title: label,
      alt: label,
      keyboard: false,
    }).addTo(this.map);
  }

  /**
   * Replace the markers (clustered, added in chunks so a large set never blocks the page).
   * @param {Array<{ latitude: number, longitude: number, approximate: boolean, title: string, popup: string }>} markers
   * @returns {Promise<void>} settles when every marker has been added to the map
   */
  showVenues(markers) {
    this.markers.clearLayers();
    this.markersDrawn?.();
    if (markers.length === 0) return Promise.resolve();
    const layers = markers.map((m) => {
      const marker = L.marker([m.latitude, m.longitude], {
        icon: L.divIcon({
          className: m.approximate ? 'venue-icon venue-approximate' : 'venue-icon',
          html: '<span></span>',
          iconSize: m.approximate ? [22, 22] : [16, 16],
        }),
        title: m.title,
        alt: m.title,
        keyboard: false,
      });
      marker.bindPopup(m.popup);
      if (this.onPopup) marker.once('popupopen', () => this.onPopup(m, marker.getPopup()));
      return marker;
    });
    const drawn = new Promise((resolve) => { this.markersDrawn = resolve; });
    this.markers.addLayers(layers);
    return drawn;
  }

  refresh() {
    this.map.invalidateSize();
  }

  translate() {
    translateControls(this.map);
    this.renderLegend();
  }
}
