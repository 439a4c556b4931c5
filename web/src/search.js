// The search view: choose a place, filter, and see what serves it in the list and on the map.

import { h } from './dom.js';
import { t, tn, getLang } from './i18n.js';
import { pick } from './format.js';
import { toODataFilter } from './facets.js';
import { MAP_KINDS, countFilters } from './state.js';
import { getBoundaries, getShapes, inAreaUrl, pages, searchPlaces } from './api.js';
import { PlaceFinder } from './place-search.js';
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
    this.placeFinder = new PlaceFinder({
      areas,
      areasByCode: this.areasByCode,
      input: this.el.placeText,
      message: this.el.placeMessage,
      choices: document.getElementById('place-choices'),
      go: (choice) => this.navigate({ ...this.state, area: choice.area, postcode: choice.postcode }),
    });
    this.el.placeForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.searchText(this.el.placeText.value);
    });
    this.el.areaSelect.addEventListener('change', () => {
      const code = this.el.areaSelect.value;
      if (code) this.navigate({ ...this.state, area: code, postcode: null });
    });
    this.el.mapKind.addEventListener('change', () => {
      this.navigate({ ...this.state, show: this.el.mapKind.value });
    });
    this.el.clearFilters.addEventListener('click', () => this.navigate({ ...this.state, filters: {} }));
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
    if (languageChanged || !previous) this.translate();
    this.el.areaSelect.value = state.area && this.areasByCode.has(state.area) ? state.area : '';
    this.el.mapKind.value = state.show;
    renderFilters(this.el.filters, state.filters, (filters) => this.navigate({ ...this.state, filters }));
    this.el.clearFilters.hidden = countFilters(state) === 0;

    const filter = toODataFilter(state.filters);
    const previousFilter = previous ? toODataFilter(previous.filters) : null;
    const boundariesChanged = languageChanged || !previous || previousFilter !== filter || previous.show !== state.show;
    const boundaries = boundariesChanged ? this.loadBoundaries(state.show, filter) : Promise.resolve();

    this.map.select(state.area, { zoom: !previous || previous.area !== state.area });
    this.showPostcodePin(state.postcode);
    await Promise.all([this.loadResults(state, filter), boundaries]);
    this.map.select(state.area, { zoom: false });
    return this.title();
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
      // The configured lookup's point, or without one the postcode district's.
      const [place] = (await searchPlaces(postcode)).candidates;
      if (place && this.state.postcode === postcode) this.map.showPin(place.latitude, place.longitude, postcode);
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
      this.laPromise = getShapes('local-authority').then((collection) => {
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

  /** A place name (English or Welsh, any case or accents), a postcode district or a postcode. */
  async searchText(text) {
    const trimmed = text.trim();
    if (!trimmed) {
      this.say(t('place.empty'));
      this.el.placeText.focus();
      return;
    }
    await this.placeFinder.find(trimmed);
  }

  chooseFromMap(code) {
    if (code) this.navigate({ ...this.state, area: code, postcode: null });
  }

  shown() {
    this.map.refresh();
  }
}
