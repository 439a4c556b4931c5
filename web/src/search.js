// The search view: choose a place, filter, and see what serves it in the list and on the map.

import { h, onCommittedChange } from './dom.js';
import { t, tn, getLang } from './i18n.js';
import { pick } from './format.js';
import { toODataFilter } from './facets.js';
import { MAP_KINDS, normalisePostcode, countFilters } from './state.js';
import { matchPlaces, pointInGeometry } from './places.js';
import { ApiError, getBoundaries, inAreaUrl, lookupPostcode, pages } from './api.js';
import { renderFilters } from './filters-ui.js';
import { appendResults } from './results.js';
import { ProvisionMap, escapeHtml } from './map.js';
import { interventionName, organisationName } from './listing.js';

const KIND_ORDER = ['local-authority', 'vawdasv-region', 'police-force-area', 'health-board', 'country'];

export class SearchView {
  /**
   * @param {{ areas: object[], config: object, navigate: (state: object) => void }} options
   */
  constructor({ areas, config, navigate }) {
    this.areas = areas;
    this.areasByCode = new Map(areas.map((a) => [a.Code, a]));
    this.config = config;
    this.navigate = navigate;
    this.state = null;
    this.generation = 0;
    this.boundaryGeneration = 0;
    this.localAuthorities = null; // GeoJSON of local authorities: label points and click lookup
    this.el = {
      placeForm: document.getElementById('place-form'),
      placeText: document.getElementById('place-text'),
      placeMessage: document.getElementById('place-message'),
      areaSelect: document.getElementById('area-select'),
      filters: document.getElementById('filters'),
      clearFilters: document.getElementById('clear-filters'),
      status: document.getElementById('results-status'),
      list: document.getElementById('results-list'),
      heading: document.getElementById('results-heading'),
      mapKind: document.getElementById('map-kind'),
      table: document.getElementById('provision-table'),
    };
    this.map = new ProvisionMap(document.getElementById('map'), {
      tiles: config.tiles,
      onAreaClick: (code, latlng) => this.chooseFromMap(code, latlng),
      membersOf: (code) => this.areasByCode.get(code)?.LocalAuthorities ?? [code],
    });
    // On a small screen the filters start folded under their heading, so the first results show.
    if (window.matchMedia('(max-width: 50rem)').matches) document.getElementById('filters-panel').open = false;
    this.el.placeForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.searchText(this.el.placeText.value);
    });
    this.areaChoice = onCommittedChange(this.el.areaSelect, (code) => {
      if (code) this.navigate({ ...this.state, area: code, postcode: null });
    });
    this.kindChoice = onCommittedChange(this.el.mapKind, (kind) => this.navigate({ ...this.state, show: kind }));
    this.el.clearFilters.addEventListener('click', () => {
      // The button goes once nothing is chosen: focus stays in the filters, on their heading.
      document.querySelector('#filters-panel > summary')?.focus({ preventScroll: true });
      this.navigate({ ...this.state, filters: {} });
    });
  }

  areaName(code) {
    const area = this.areasByCode.get(code);
    return area ? pick(getLang(), area.NameEn, area.NameCy) : code;
  }

  /** Rebuild labels that depend on the language. */
  translate() {
    const select = this.el.areaSelect;
    const groups = KIND_ORDER.map((kind) => {
      const list = this.areas.filter((a) => a.Kind === kind)
        .map((a) => ({ code: a.Code, name: pick(getLang(), a.NameEn, a.NameCy) }))
        .sort((a, b) => a.name.localeCompare(b.name, getLang()));
      if (list.length === 0) return null;
      return h('optgroup', { label: t(`kind.${kind}`) },
        list.map((a) => h('option', { value: a.code }, a.name)));
    });
    select.replaceChildren(h('option', { value: '' }, t('place.selectPrompt')), ...groups.filter(Boolean));
    this.el.mapKind.replaceChildren(...MAP_KINDS.map((kind) => h('option', { value: kind }, t(`kind.${kind}`))));
    this.map.translate();
  }

  /** Show the search held in the state (called on every navigation and on back/forward). */
  async render(state, { languageChanged = false } = {}) {
    const previous = this.state;
    this.state = state;
    document.getElementById('search-view').classList.toggle('has-area', Boolean(state.area));
    if (languageChanged || !previous) this.translate();
    this.areaChoice.set(state.area && this.areasByCode.has(state.area) ? state.area : '');
    this.kindChoice.set(state.show);
    this.renderFiltersKeepingFocus(state);

    const filter = toODataFilter(state.filters);
    const previousFilter = previous ? toODataFilter(previous.filters) : null;
    const boundariesChanged = languageChanged || !previous || previousFilter !== filter || previous.show !== state.show;
    const boundaries = boundariesChanged ? this.loadBoundaries(state.show, filter) : Promise.resolve();

    this.map.select(state.area, { zoom: !previous || previous.area !== state.area });
    this.showPostcodePin(state.postcode);
    // While the list reloads it keeps its height, so the page does not jump to the top.
    const scrollY = window.scrollY;
    this.el.list.style.minHeight = `${this.el.list.offsetHeight}px`;
    await Promise.all([this.loadResults(state, filter), boundaries]);
    if (this.state === state) {
      this.el.list.style.minHeight = '';
      if (window.scrollY !== scrollY) window.scrollTo(0, scrollY);
    }
    this.map.select(state.area, { zoom: false });
    return this.title();
  }

  /** Rebuild the filters, keeping open groups open and focus on the box or button the user used. */
  renderFiltersKeepingFocus(state) {
    const focusedId = this.el.filters.contains(document.activeElement) ? document.activeElement.id : null;
    const open = [...this.el.filters.querySelectorAll('details[open]')].map((d) => d.dataset.facet);
    renderFilters(this.el.filters, state.filters, (filters) => this.navigate({ ...this.state, filters }));
    for (const facet of open) this.el.filters.querySelector(`details[data-facet="${facet}"]`)?.setAttribute('open', '');
    const chosen = countFilters(state);
    this.el.clearFilters.hidden = chosen === 0;
    document.getElementById('filters-count').textContent = chosen ? `(${tn('filters.chosen', chosen)})` : '';
    if (focusedId) document.getElementById(focusedId)?.focus({ preventScroll: true });
  }

  title() {
    return this.state?.area
      ? t('title.results', { place: this.areaName(this.state.area) })
      : t('title.search');
  }

  async showPostcodePin(postcode) {
    if (!postcode) {
      this.map.showPin(null);
      return;
    }
    try {
      const place = await lookupPostcode(postcode);
      if (this.state.postcode === postcode) this.map.showPin(place.latitude, place.longitude, postcode);
    } catch {
      this.map.showPin(null);
    }
  }

  async loadBoundaries(kind, filter) {
    const generation = ++this.boundaryGeneration;
    try {
      const request = getBoundaries(kind, filter);
      if (kind === 'local-authority' && !this.laPromise) this.laPromise = request.catch(() => null);
      const collection = await request;
      if (generation !== this.boundaryGeneration) return;
      if (kind === 'local-authority') {
        this.localAuthorities = collection;
        this.map.setLocalAuthorities(collection);
      }
      this.map.showAreas(collection, getLang());
      this.map.select(this.state.area, { zoom: false });
      this.renderTable(collection);
    } catch (error) {
      if (generation === this.boundaryGeneration) this.el.table.replaceChildren(h('caption', {}, t('error.map')));
      console.error(error);
    }
  }

  renderTable(collection) {
    const features = [...collection.features].sort((a, b) =>
      this.areaName(a.properties.code).localeCompare(this.areaName(b.properties.code), getLang()));
    this.el.table.replaceChildren(
      h('caption', {}, t('table.caption', { kind: t(`kind.${collection.features[0]?.properties.kind ?? this.state.show}`) })),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('table.area')), h('th', { scope: 'col' }, t('table.count')))),
      h('tbody', {}, features.map((f) => h('tr', {},
        h('th', { scope: 'row' },
          h('a', { href: `/?area=${f.properties.code}`, 'data-area': f.properties.code }, this.areaName(f.properties.code))),
        h('td', {}, String(f.properties.count ?? 0))))));
    this.el.table.onclick = (event) => {
      const link = event.target.closest('a[data-area]');
      if (!link) return;
      event.preventDefault();
      this.navigate({ ...this.state, area: link.dataset.area, postcode: null });
    };
  }

  /** Local authority boundaries (any filter): label points for approximate venues, postcode lookup. */
  localAuthorityBoundaries() {
    if (!this.laPromise) {
      this.laPromise = getBoundaries('local-authority', '').then((collection) => {
        this.localAuthorities ??= collection;
        this.map.setLocalAuthorities(this.localAuthorities);
        return this.localAuthorities;
      }).catch(() => {
        this.laPromise = null;
        return null;
      });
    }
    return this.laPromise;
  }

  async labelPoints() {
    const collection = await this.localAuthorityBoundaries();
    return new Map((collection?.features ?? []).map((f) =>
      [f.properties.code, [f.properties.labelLatitude, f.properties.labelLongitude]]));
  }

  async loadResults(state, filter) {
    const generation = ++this.generation;
    const isCurrent = () => generation === this.generation;
    this.abort?.abort();
    this.abort = new AbortController();
    const { list, status } = this.el;
    list.replaceChildren();
    list.setAttribute('aria-busy', 'true');
    this.map.showVenues([]);
    document.getElementById('map').dataset.venues = '0';
    if (!state.area) {
      this.el.heading.textContent = t('results.heading');
      status.textContent = t('results.choosePlace');
      list.removeAttribute('aria-busy');
      return;
    }
    const place = this.areaName(state.area);
    this.el.heading.textContent = t('results.headingPlace', { place });
    status.textContent = t('results.loading');
    const labelPoints = this.labelPoints();
    let shown = 0;
    try {
      for await (const page of pages(inAreaUrl(state.area, filter), { signal: this.abort.signal })) {
        if (!isCurrent()) return;
        if (shown === 0) {
          const count = page.count ?? page.value.length;
          status.textContent = count === 0
            ? (countFilters(state) ? t('results.noneFiltered', { place }) : t('results.none', { place }))
            : tn('results.count', count, { place });
        }
        shown += page.value.length;
        await appendResults(list, page.value, this.config.staleAfterDays, isCurrent);
        this.map.addVenues(this.venueMarkers(page.value, await labelPoints));
        document.getElementById('map').dataset.venues = String(this.map.venueCount());
      }
    } catch (error) {
      if (error.name === 'AbortError' || !isCurrent()) return;
      status.textContent = t('error.load');
      console.error(error);
    } finally {
      if (isCurrent()) list.removeAttribute('aria-busy');
    }
  }

  venueMarkers(items, labelPoints) {
    const markers = [];
    for (const item of items) {
      const name = interventionName(item);
      const link = `<a href="/interventions/${item.Id}" data-link>${escapeHtml(name)}</a>`;
      const org = escapeHtml(organisationName(item));
      for (const venue of item.Venues ?? []) {
        if (venue.Visibility === 'approximate' || venue.Latitude == null) {
          const point = labelPoints.get(venue.AreaCode);
          if (!point || point[0] == null) continue;
          const text = t('venue.approximate', { area: this.areaName(venue.AreaCode) });
          markers.push({
            latitude: point[0], longitude: point[1], approximate: true, title: `${name}: ${text}`,
            popup: `${link}<br>${org}<br><em>${escapeHtml(text)}</em>`,
          });
        } else {
          const where = [venue.Name, venue.Address, venue.Postcode].filter(Boolean).join(', ');
          markers.push({
            latitude: venue.Latitude, longitude: venue.Longitude, approximate: false, title: name,
            popup: `${link}<br>${org}<br>${escapeHtml(where)}`,
          });
        }
      }
    }
    return markers;
  }

  say(text) {
    this.el.placeMessage.textContent = text;
  }

  /** A place name (English or Welsh, any case or accents) or a postcode. */
  async searchText(text) {
    const trimmed = text.trim();
    if (!trimmed) {
      this.say(t('place.empty'));
      this.el.placeText.focus();
      return;
    }
    const postcode = normalisePostcode(trimmed);
    if (postcode) {
      await this.searchPostcode(postcode);
      return;
    }
    const [best] = matchPlaces(trimmed, this.areas);
    if (!best) {
      this.say(t('place.notFound', { text: trimmed }));
      this.el.placeText.focus();
      return;
    }
    this.say('');
    this.navigate({ ...this.state, area: best.Code, postcode: null });
  }

  async searchPostcode(postcode) {
    if (!this.config.postcodeLookup) {
      this.say(t('place.postcodeUnavailable'));
      this.el.placeText.focus();
      return;
    }
    this.say(t('place.lookingUp', { postcode }));
    try {
      const place = await lookupPostcode(postcode);
      let code = place.localAuthority;
      if (!code || !this.areasByCode.has(code)) code = await this.localAuthorityAt(place.latitude, place.longitude);
      if (!code) {
        this.say(t('place.outsideWales', { postcode }));
        return;
      }
      this.say('');
      this.navigate({ ...this.state, area: code, postcode });
    } catch (error) {
      if (error instanceof ApiError && error.status === 501) this.say(t('place.postcodeUnavailable'));
      else if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
        this.say(t('place.postcodeUnknown', { postcode }));
      } else this.say(t('error.load'));
      this.el.placeText.focus();
    }
  }

  async localAuthorityAt(latitude, longitude) {
    await this.localAuthorityBoundaries();
    const feature = this.localAuthorities?.features.find((f) => pointInGeometry([longitude, latitude], f.geometry));
    return feature?.properties.code ?? null;
  }

  chooseFromMap(code) {
    if (code) this.navigate({ ...this.state, area: code, postcode: null });
  }

  shown() {
    this.map.refresh();
  }
}
