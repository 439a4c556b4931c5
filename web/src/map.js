// The map: provision per area (choropleth with a legend), clustered venue markers,
// clicking an area to choose it. Everything shown here is also in the list and the table.

import L from 'leaflet';
import 'leaflet.markercluster';
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import { t } from './i18n.js';

const WALES = [[51.35, -5.35], [53.45, -2.65]];

/** Class breaks for the choropleth: [lowest count, fill colour]; text colour chosen for contrast. */
export const CLASSES = [
  { min: 0, max: 0, fill: '#f2f2f2' },
  { min: 1, max: 2, fill: '#c6dbef' },
  { min: 3, max: 5, fill: '#6baed6' },
  { min: 6, max: 10, fill: '#2171b5' },
  { min: 11, max: Infinity, fill: '#08306b' },
];

export function classFor(count) {
  return CLASSES.find((c) => count >= c.min && count <= c.max) ?? CLASSES[0];
}

export class ProvisionMap {
  /**
   * @param {HTMLElement} element
   * @param {{ tiles: null | { url: string, attribution: string }, onAreaClick: (code: string, latlng: L.LatLng) => void }} options
   */
  constructor(element, { tiles, onAreaClick }) {
    this.onAreaClick = onAreaClick;
    this.map = L.map(element, { maxZoom: 18, minZoom: 6, zoomSnap: 0.25, keyboard: true });
    this.map.fitBounds(WALES);
    if (tiles?.url) {
      L.tileLayer(tiles.url, { attribution: tiles.attribution ?? '', maxZoom: 18 }).addTo(this.map);
    }
    this.areaLayer = null;
    this.boundaryAttribution = null;
    this.selected = null;
    this.markers = L.markerClusterGroup({
      chunkedLoading: true,
      maxClusterRadius: 45,
      showCoverageOnHover: false,
    }).addTo(this.map);
    this.pin = null;
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
    this.boundaryAttribution = collection.attribution ?? null;
    if (this.boundaryAttribution) this.map.attributionControl.addAttribution(this.boundaryAttribution);
    this.areaLayer = L.geoJSON(collection, {
      style: (feature) => this.styleFor(feature),
      onEachFeature: (feature, layer) => {
        const p = feature.properties;
        const name = lang === 'cy' ? p.nameCy || p.nameEn : p.nameEn;
        layer.bindTooltip(`${escapeHtml(name)}: ${escapeHtml(t('map.count', { count: p.count }))}`, { sticky: true });
        layer.on('click', (e) => this.onAreaClick(p.code, e.latlng));
      },
    }).addTo(this.map);
    this.areaLayer.bringToBack();
    this.renderLegend();
  }

  styleFor(feature) {
    const selected = feature.properties.code === this.selected;
    return {
      color: selected ? '#d4351c' : '#505a5f',
      weight: selected ? 4 : 1,
      fillColor: classFor(feature.properties.count ?? 0).fill,
      fillOpacity: 0.7,
    };
  }

  renderLegend() {
    const container = this.legend.getContainer();
    if (!container) return;
    const items = CLASSES.map((c) => {
      const label = c.max === 0 ? t('legend.none')
        : c.max === Infinity ? t('legend.atLeast', { min: c.min })
          : t('legend.range', { min: c.min, max: c.max });
      return `<li><span class="swatch" style="background:${c.fill}"></span>${escapeHtml(label)}</li>`;
    }).join('');
    container.innerHTML = `<p class="legend-title">${escapeHtml(t('legend.title'))}</p><ul>${items}</ul>`
      + `<p class="legend-selected"><span class="swatch swatch-selected"></span>${escapeHtml(t('legend.selected'))}</p>`;
  }

  /** Outline the chosen area and zoom to it (a local authority of a region is not outlined). */
  select(code, { zoom = true } = {}) {
    this.selected = code;
    if (!this.areaLayer) return;
    this.areaLayer.setStyle((feature) => this.styleFor(feature));
    if (!zoom) return;
    const layer = this.areaLayer.getLayers().find((l) => l.feature.properties.code === code);
    if (layer) this.map.fitBounds(layer.getBounds(), { maxZoom: 11, padding: [10, 10] });
    else if (code) this.map.fitBounds(WALES);
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

  /** Replace the venue markers; approximate venues sit at their area's label point. */
  showVenues(markers) {
    this.markers.clearLayers();
    this.addVenues(markers);
  }

  /**
   * @param {Array<{ latitude: number, longitude: number, approximate: boolean, title: string, popup: string }>} markers
   */
  addVenues(markers) {
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
      return marker;
    });
    this.markers.addLayers(layers);
  }

  venueCount() {
    return this.markers.getLayers().length;
  }

  refresh() {
    this.map.invalidateSize();
  }

  translate() {
    this.renderLegend();
  }
}

export function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  })[c]);
}
