// The search view: choose a place, filter, and see what serves it in the list and on the map.

import { h, onCommittedChange } from './dom.js';
import { t, tn, getLang } from './i18n.js';
import { pick } from './format.js';
import { toODataFilter } from './facets.js';
import { MAP_KINDS, countFilters, parseState } from './state.js';
import {
  getBoundaries, getIntervention, getListItems, getShapes, markersUrl, prefetch, readMarkers, searchPlaces,
} from './api.js';
import { PlaceFinder } from './place-search.js';
import { renderFilters } from './filters-ui.js';
import { appendResults } from './results.js';
import { markersFor, popupFor } from './markers.js';
import { interventionName, organisationName } from './listing.js';

/**
 * Asks for the markers of the search in the URL at once, before settings and vocabularies have loaded,
 * so the first page of the list is one round trip nearer on a slow line.
 */
export function prefetchResults(search, lang) {
  const state = parseState(search);
  if (state.area) prefetch(markersUrl(state.area, toODataFilter(state.filters), lang));
}

const KIND_ORDER = ['local-authority', 'vawdasv-region', 'police-force-area', 'health-board', 'country'];

export class SearchView {
  /**
   * @param {{ areas: object[], config: object, navigate: (state: object) => void, replace: (state: object) => void }} options
   * navigate: a new search (a history entry, list back at page 1); replace: the same search shown further (no entry).
   */
  constructor({ areas, config, navigate, replace }) {
    this.areas = areas;
    this.areasByCode = new Map(areas.map((a) => [a.Code, a]));
    this.config = config;
    this.navigate = (state) => navigate({ ...state, page: 1 });
    this.replace = replace;
    this.results = null; // the list being shown: its order (every id), how many are shown, the total
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
      more: document.getElementById('results-more'),
      mapElement: document.getElementById('map'),
    };
    this.mapPromise = null; // Leaflet loads after the first results are shown (see startMap)
    this.el.more.addEventListener('click', () => this.showMore());
    // On a small screen the filters start folded under their heading, so the first results show.
    if (window.matchMedia('(max-width: 50rem)').matches) document.getElementById('filters-panel').open = false;
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
    this.withMap((map) => map.translate());
  }

  /** The map module (Leaflet, clustering) is loaded on first use, after the list: a phone sees results first. */
  startMap() {
    this.mapPromise ??= import('./map.js').then(({ ProvisionMap }) => new ProvisionMap(this.el.mapElement, {
      tiles: this.config.tiles,
      onAreaClick: (code, latlng) => this.chooseFromMap(code, latlng),
      membersOf: (code) => this.areasByCode.get(code)?.LocalAuthorities ?? [code],
      onPopup: (marker, popup) => this.fillPopup(marker, popup),
    }));
    return this.mapPromise;
  }

  /** Runs `use` with the map once it exists (never loads it). */
  withMap(use) {
    return this.mapPromise?.then(use);
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
    const boundariesChanged = languageChanged || !previous || previousFilter !== filter || previous.show !== state.show
      || !this.mapPromise;

    const results = this.loadResults(state, filter);
    // The list first; then Leaflet, the boundaries and the markers (on a slow line they would delay it).
    await results.first;
    await this.startMap();
    const boundaries = boundariesChanged ? this.loadBoundaries(state.show, filter) : Promise.resolve();
    await this.withMap((map) => map.select(state.area, { zoom: !previous || previous.area !== state.area }));
    this.showPostcodePin(state.postcode);
    // While the list reloads it keeps its height, so the page does not jump to the top.
    const scrollY = window.scrollY;
    this.el.list.style.minHeight = `${this.el.list.offsetHeight}px`;
    await Promise.all([results.done, boundaries]);
    if (this.state === state) {
      this.el.list.style.minHeight = '';
      if (window.scrollY !== scrollY) window.scrollTo(0, scrollY);
    }
    await this.withMap((map) => map.select(state.area, { zoom: false }));
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
      this.withMap((map) => map.showPin(null));
      return;
    }
    try {
      // The configured lookup's point, or without one the postcode district's.
      const [place] = (await searchPlaces(postcode)).candidates;
      if (place && this.state.postcode === postcode) this.withMap((map) => map.showPin(place.latitude, place.longitude, postcode));
    } catch {
      this.withMap((map) => map.showPin(null));
    }
  }

  async loadBoundaries(kind, filter) {
    const generation = ++this.boundaryGeneration;
    try {
      const request = getBoundaries(kind, filter);
      if (kind === 'local-authority' && !this.laPromise) this.laPromise = request.catch(() => null);
      const collection = await request;
      if (generation !== this.boundaryGeneration) return;
      const map = await this.startMap();
      if (generation !== this.boundaryGeneration) return;
      if (kind === 'local-authority') {
        this.localAuthorities = collection;
        map.setLocalAuthorities(collection);
      }
      map.showAreas(collection, getLang());
      map.select(this.state.area, { zoom: false });
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
        this.withMap((map) => map.setLocalAuthorities(this.localAuthorities));
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

  /**
   * The list and the markers of a search, from one compact answer ordered as the list shows it: the
   * first page is asked for as soon as its ids have arrived, the markers are drawn when all have.
   * @returns {{ first: Promise<void>, done: Promise<void> }} first: the first page is shown (or failed)
   */
  loadResults(state, filter) {
    const generation = ++this.generation;
    const isCurrent = () => generation === this.generation;
    this.abort?.abort();
    this.abort = new AbortController();
    const { signal } = this.abort;
    const { list, status, more } = this.el;
    list.replaceChildren();
    more.hidden = true;
    this.results = null;
    this.withMap((map) => map.showVenues([]));
    this.setMapCounts(0, 0, false);
    if (!state.area) {
      this.el.heading.textContent = t('results.heading');
      status.textContent = t('results.choosePlace');
      list.removeAttribute('aria-busy');
      return { first: Promise.resolve(), done: Promise.resolve() };
    }
    list.setAttribute('aria-busy', 'true');
    const place = this.areaName(state.area);
    this.el.heading.textContent = t('results.headingPlace', { place });
    status.textContent = t('results.loading');
    let shown = null;
    let firstShown;
    const first = new Promise((resolve) => { firstShown = resolve; });
    let idsArrived;
    const results = {
      ids: [], items: [], shown: 0, count: 0, returned: 0, truncated: false, place,
      allIds: new Promise((resolve) => { idsArrived = resolve; }),
    };
    const done = (async () => {
      const wanted = () => Math.min(state.page * this.pageSize(), results.returned);
      try {
        for await (const chunk of readMarkers(markersUrl(state.area, filter, getLang()), { signal })) {
          if (!isCurrent()) return;
          if (chunk.header) {
            results.count = chunk.header.count;
            results.returned = chunk.header.returned;
            results.truncated = chunk.header.truncated;
            this.results = results;
          }
          for (const item of chunk.items) {
            results.ids.push(item.id);
            results.items.push(item);
          }
          if (!shown && results.ids.length >= wanted()) {
            shown = this.showFirst(results, state, isCurrent, signal);
            shown.catch(() => {}); // awaited below, once every id has arrived
          }
        }
        idsArrived();
        shown ??= this.showFirst(results, state, isCurrent, signal);
        await shown;
        if (!isCurrent()) return;
        list.removeAttribute('aria-busy');
        firstShown();
        await this.showMarkers(results.items, state.area, isCurrent);
      } catch (error) {
        if (error.name === 'AbortError' || !isCurrent()) return;
        status.textContent = t('error.load');
        console.error(error);
      } finally {
        if (isCurrent()) list.removeAttribute('aria-busy');
        idsArrived();
        firstShown();
      }
    })();
    return { first, done };
  }

  pageSize() {
    return this.config.pageSize ?? 50;
  }

  /** The pages the URL asks for (page=N shows the first N pages), with the count and the range. */
  async showFirst(results, state, isCurrent, signal) {
    const { status } = this.el;
    const { count, place } = results;
    if (count === 0) {
      status.textContent = countFilters(state) ? t('results.noneFiltered', { place }) : t('results.none', { place });
      return;
    }
    const ids = results.ids.slice(0, Math.min(state.page * this.pageSize(), results.ids.length));
    const pageSize = this.pageSize();
    for (let from = 0; from < ids.length; from += pageSize) {
      const items = await getListItems(ids.slice(from, from + pageSize), { signal });
      if (!isCurrent()) return;
      await appendResults(this.el.list, items, this.config.staleBefore, isCurrent);
      results.shown = Math.min(from + pageSize, ids.length);
    }
    if (!isCurrent()) return;
    this.showCount();
  }

  /** "316 interventions serve Wales. Showing 1–50 of 316." and the Show more button. */
  showCount() {
    const results = this.results;
    if (!results || results.count === 0) return;
    const number = new Intl.NumberFormat(getLang());
    const parts = [
      h('span', { class: 'results-count' }, tn('results.count', results.count, { place: results.place, count: number.format(results.count) })),
      '. ',
      h('span', { id: 'results-range', class: 'results-range' }, t('results.range', {
        from: number.format(1), to: number.format(results.shown), count: number.format(results.count),
      })),
    ];
    if (results.truncated) {
      parts.push(' ', h('span', { class: 'results-truncated' }, t('results.truncated', { shown: number.format(results.ids.length) })));
    }
    this.el.status.replaceChildren(...parts);
    this.el.more.hidden = results.shown >= results.returned;
  }

  /**
   * The next page below the ones shown. Focus moves to the first new result (where the button was) and
   * the page scrolls no further; the URL records how many pages are shown without a history entry.
   */
  async showMore() {
    const results = this.results;
    if (!results || this.moreLoading) return;
    const generation = this.generation;
    const isCurrent = () => generation === this.generation;
    this.moreLoading = true;
    this.el.more.setAttribute('aria-disabled', 'true');
    const scrollY = window.scrollY;
    try {
      await results.allIds;
      const ids = results.ids.slice(results.shown, results.shown + this.pageSize());
      if (ids.length === 0 || !isCurrent()) return;
      const items = await getListItems(ids, { signal: this.abort.signal });
      if (!isCurrent()) return;
      const before = this.el.list.children.length;
      await appendResults(this.el.list, items, this.config.staleBefore, isCurrent);
      if (!isCurrent()) return;
      results.shown += ids.length;
      this.state = { ...this.state, page: Math.ceil(results.shown / this.pageSize()) };
      this.replace(this.state);
      this.showCount();
      const firstNew = this.el.list.children[before]?.querySelector('a');
      firstNew?.focus({ preventScroll: true });
      window.scrollTo(window.scrollX, scrollY);
    } catch (error) {
      if (error.name !== 'AbortError' && isCurrent()) {
        this.el.status.textContent = t('error.load');
        console.error(error);
      }
    } finally {
      this.moreLoading = false;
      this.el.more.removeAttribute('aria-disabled');
    }
  }

  /** Every result on the map (clustered), once the map and the local authorities' label points are there. */
  async showMarkers(items, area, isCurrent) {
    const [map, labelPoints] = await Promise.all([this.startMap(), this.labelPoints()]);
    if (!isCurrent()) return;
    const members = this.areasByCode.get(area)?.LocalAuthorities ?? [area];
    const { markers, venues, interventions } = markersFor(items, {
      labelPoints,
      members,
      areaName: (code) => this.areaName(code),
      approximate: (name) => t('venue.approximate', { area: name }),
      serves: (name) => t('markers.serves', { area: name }),
      unnamed: t('detail.loading'),
    });
    await map.showVenues(markers);
    if (isCurrent()) this.setMapCounts(venues, interventions, true);
  }

  /** A marker's popup gains the organisation and the venue's address when first opened. */
  async fillPopup(marker, popup) {
    try {
      const item = await getIntervention(marker.id);
      popup.setContent(popupFor(marker, item, { name: interventionName(item), organisation: organisationName(item) }));
    } catch (error) {
      console.error(error); // the short popup (name and link) stays
    }
  }

  /** Tells tests (and anyone inspecting the page) how many venues and interventions the map shows. */
  setMapCounts(venues, interventions, complete) {
    const { dataset } = this.el.mapElement;
    dataset.venues = String(venues);
    dataset.interventions = String(interventions);
    dataset.markersComplete = String(complete);
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
    this.withMap((map) => map.refresh());
  }
}
