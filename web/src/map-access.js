// Leaflet for keyboard and Welsh users: its own words in the interface language (zoom buttons, the
// popup close button, the attribution prefix, the boundary credit the server sends in English);
// areas named and chosen with Enter; marker clusters out of the tab order (unnamed stops, and every
// result they hold is in the list).

import L from 'leaflet';
import { t, tn, getLang } from './i18n.js';

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
 * An area on the map as a keyboard user meets it (Chromium makes the shapes tab stops): named with
 * its count and chosen with Enter or Space, as a click chooses it.
 */
export function chooseAreaByKeyboard(layer, { name, count }, choose) {
  layer.on('add', () => {
    const element = layer.getElement?.();
    if (!element) return;
    element.setAttribute('tabindex', '0');
    element.setAttribute('role', 'button');
    element.setAttribute('aria-label', t('map.areaAction', { name, count: tn('map.count', count ?? 0) }));
    element.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      choose();
    });
  });
}
