// Leaflet for keyboard and Welsh users: its own words in the interface language (zoom buttons, the
// popup close button, the attribution prefix, the boundary credit the server sends in English);
// area shapes and marker clusters out of the tab order (unnamed stops; the list, the area list and
// the table of provision offer the same by keyboard).

import L from 'leaflet';
import { t, getLang } from './i18n.js';

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Replace the zoom control and the attribution prefix with ones in the current language. */
export function translateControls(map) {
  map.zoomControl?.remove();
  map.zoomControl = L.control.zoom({ zoomInTitle: t('leaflet.zoomIn'), zoomOutTitle: t('leaflet.zoomOut') }).addTo(map);
  map.attributionControl?.setPrefix(
    `<a href="https://leafletjs.com" title="${escape(t('leaflet.prefixTitle'))}" lang="en">Leaflet</a>`);
}

/** Name every popup's close button in the current language when it opens. */
export function translatePopups(map) {
  map.on('popupopen', (event) => {
    event.popup.getElement()?.querySelector('.leaflet-popup-close-button')
      ?.setAttribute('aria-label', t('leaflet.closePopup'));
  });
}

/** The credit to show for boundaries: the Welsh translation in Welsh mode, else the server's text. */
export function boundaryCredit(attribution) {
  if (!attribution) return null;
  return getLang() === 'cy' ? escape(t('map.boundaryCredit')) : attribution;
}

/** Clusters are drawn again on every zoom: each time, take the new one out of the tab order. */
export function keepClustersOutOfTabOrder(map) {
  map.on('layeradd', (event) => {
    const element = event.layer.getElement?.();
    if (element?.classList.contains('marker-cluster')) element.tabIndex = -1;
  });
}

/**
 * Chromium makes every shape of an interactive map layer a tab stop: 22 unnamed stops between the
 * list and the table. Areas are chosen by keyboard from the area list, the place search or the
 * table of provision instead; a pointer still chooses by clicking the map.
 */
export function keepAreaOutOfTabOrder(layer) {
  layer.on('add', () => layer.getElement?.()?.setAttribute('tabindex', '-1'));
}
