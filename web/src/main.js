// Start-up and routing: '/' is the search, '/interventions/{id}' an intervention's page.

import './styles/main.css';
import './styles/print.css';
import { t, getLang, setLang, initialLang } from './i18n.js';
import { h, translateStatic } from './dom.js';
import { parseState, formatState } from './state.js';
import { getAreas, getConfig, getVocabularies } from './api.js';
import { setVocabularies } from './vocab.js';
import {
  installQuickExit, setExitUrl, pushEntry, replaceEntry, resumeExitOrTrackHistory,
} from './quickexit.js';
import { SearchView, prefetchResults } from './search.js';
import { renderDetail } from './detail.js';
import { renderStillAccurate } from './still-accurate.js';

const WORKSPACE_PATH = /^\/(account|manage|analysis)(\/|$)/;
const DETAIL_PATH = /^\/interventions\/(\d+)\/?$/;
const STILL_ACCURATE_PATH = '/still-accurate';
const SITE = () => t('site.name');

const app = {
  config: { tiles: null, postcodeLookup: false, staleBefore: null, staleAfterDays: 183, pageSize: 50 },
  areas: [],
  search: null,
  lastSearch: '/',
  detailAbort: null,
  cameFrom: null, // the intervention whose page was shown last, and where the list was scrolled
};

const searchView = document.getElementById('search-view');
const detailView = document.getElementById('detail-view');
const workspaceView = document.getElementById('workspace-view');
const langSwitch = document.getElementById('lang-switch');

function setTitle(text) {
  document.title = text ? `${text} – ${SITE()}` : SITE();
}

/** The URL for a search state in the current language. */
function searchUrl(state) {
  return `/${formatState({ ...state, lang: getLang() })}`;
}

function navigate(state) {
  pushEntry(searchUrl(state));
  route();
}

/** The same search shown further (more of the list): the URL follows, but Back is not given a new entry. */
function replace(state) {
  const url = searchUrl(state);
  const shown = document.body.dataset.search === location.pathname + location.search;
  replaceEntry(url);
  app.lastSearch = url;
  if (shown) document.body.dataset.search = url;
}

let routeGeneration = 0;

async function route({ languageChanged = false } = {}) {
  const generation = ++routeGeneration;
  const shownUrl = location.pathname + location.search;
  const markShown = () => {
    // Tells the browser tests that this URL has been shown in full.
    if (generation === routeGeneration) document.body.dataset.search = shownUrl;
  };
  delete document.body.dataset.search;
  const match = DETAIL_PATH.exec(location.pathname);
  const params = new URLSearchParams(location.search);
  const lang = params.get('lang') ?? getLang();
  if (lang !== getLang()) {
    setLang(lang);
    languageChanged = true;
  }
  if (languageChanged) translatePage();
  workspaceView.hidden = true;
  if (WORKSPACE_PATH.test(location.pathname)) {
    // The signed-in pages: their own bundle, loaded only here.
    searchView.hidden = true;
    detailView.hidden = true;
    workspaceView.hidden = false;
    const { renderWorkspace } = await import('./workspace/index.js');
    const title = await renderWorkspace(workspaceView, {
      path: location.pathname,
      query: params,
      navigate: (url, { replace: replacing = false } = {}) => {
        const target = new URL(url, location.href);
        if (getLang() === 'cy') target.searchParams.set('lang', 'cy');
        if (replacing) replaceEntry(`${target.pathname}${target.search}`);
        else pushEntry(`${target.pathname}${target.search}`);
        route();
      },
    });
    if (generation !== routeGeneration) return;
    setTitle(title);
    markShown();
    workspaceView.querySelector('h1')?.focus();
    return;
  }
  workspaceView.replaceChildren();
  if (location.pathname === STILL_ACCURATE_PATH) {
    // The reminder's token is in the fragment (never sent to a server log); keep it only in memory.
    if (location.hash.length > 1) app.stillAccurateToken = location.hash.slice(1);
    if (location.hash) replaceEntry(location.pathname + location.search);
    searchView.hidden = true;
    detailView.hidden = false;
    setTitle(renderStillAccurate(detailView, { token: app.stillAccurateToken }));
    markShown();
    detailView.querySelector('h1')?.focus();
    return;
  }
  if (match) {
    if (!searchView.hidden) app.cameFrom = { id: match[1], scrollY: window.scrollY };
    else app.cameFrom = { id: match[1], scrollY: null };
    searchView.hidden = true;
    detailView.hidden = false;
    app.detailAbort?.abort();
    app.detailAbort = new AbortController();
    try {
      const title = await renderDetail(detailView, {
        id: match[1],
        staleBefore: app.config.staleBefore,
        staleAfterDays: app.config.staleAfterDays,
        areasByCode: app.search?.areasByCode ?? new Map(),
        backHref: app.lastSearch,
        signal: app.detailAbort.signal,
      });
      setTitle(title);
      markShown();
      window.scrollTo(0, 0);
      detailView.querySelector('h1')?.focus();
    } catch (error) {
      if (error.name !== 'AbortError') throw error;
    }
    return;
  }
  detailView.hidden = true;
  detailView.replaceChildren();
  searchView.hidden = false;
  app.search.shown();
  const state = parseState(location.search);
  app.lastSearch = searchUrl(state);
  setTitle(app.search.title());
  const cameFrom = app.cameFrom;
  app.cameFrom = null;
  const title = await app.search.render(state, { languageChanged });
  if (generation === routeGeneration) {
    setTitle(title);
    if (cameFrom) returnToResult(cameFrom);
  }
  markShown();
}

/** Back on the list from an intervention's page: focus its link where the list was left. */
function returnToResult({ id, scrollY }) {
  const link = document.querySelector(`#results-list > li[data-id="${CSS.escape(id)}"] h3 a`);
  if (!link) return;
  link.focus({ preventScroll: true });
  if (scrollY != null) window.scrollTo(0, scrollY);
  else link.scrollIntoView({ block: 'center' });
}

function translatePage() {
  translateStatic(document.body, t);
  const other = getLang() === 'cy' ? 'en' : 'cy';
  langSwitch.textContent = t('lang.switch');
  langSwitch.lang = other;
  langSwitch.setAttribute('hreflang', other);
  const url = new URL(location.href);
  url.searchParams.set('lang', other);
  langSwitch.href = `${url.pathname}${url.search}`;
}

function switchLanguage(event) {
  event.preventDefault();
  const next = getLang() === 'cy' ? 'en' : 'cy';
  setLang(next);
  const url = new URL(location.href);
  if (next === 'en') url.searchParams.delete('lang');
  else url.searchParams.set('lang', next);
  replaceEntry(`${url.pathname}${url.search}`);
  route({ languageChanged: true });
}

/** "Skip to results" moves focus without a #fragment entry in the history (the quick exit counts entries). */
function skipToContent(event) {
  event.preventDefault();
  const target = searchView.hidden ? (workspaceView.hidden ? detailView : workspaceView).querySelector('h1') : document.getElementById('results-heading');
  target?.focus();
}

/** Links marked data-link stay in the page (pushState) instead of reloading it. */
function interceptLinks(event) {
  const link = event.target.closest('a[data-link]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey
    || event.shiftKey || event.altKey) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin) return;
  event.preventDefault();
  if (getLang() === 'cy') url.searchParams.set('lang', 'cy');
  pushEntry(`${url.pathname}${url.search}`);
  route();
}

/**
 * The settings, areas and vocabularies every view needs. When they cannot be had (after the retries of retry.js),
 * the status says so with a button that asks again: resolves only once they are loaded.
 */
async function loadDirectory(status) {
  status.textContent = t('results.loading');
  try {
    const [config, areas, terms] = await Promise.all([
      getConfig().catch(() => app.config), getAreas(), getVocabularies(),
    ]);
    app.config = { ...app.config, ...config };
    app.areas = areas;
    setVocabularies(terms);
    setExitUrl(app.config.quickExitUrl);
  } catch (error) {
    console.error(error);
    const again = h('button', { type: 'button', class: 'start-again' }, t('error.startAgain'));
    status.replaceChildren(t('error.start'), ' ', again);
    await new Promise((resolve) => { again.addEventListener('click', resolve, { once: true }); });
    await loadDirectory(status);
  }
}

async function start() {
  if (resumeExitOrTrackHistory()) return;
  history.scrollRestoration = 'manual'; // the page keeps the list's place itself
  installQuickExit(document.getElementById('quick-exit'));
  setLang(initialLang(new URLSearchParams(location.search).get('lang')));
  translatePage();
  langSwitch.addEventListener('click', switchLanguage);
  document.querySelector('.skip-link').addEventListener('click', skipToContent);
  document.addEventListener('click', interceptLinks);
  window.addEventListener('popstate', () => route());

  if (!DETAIL_PATH.test(location.pathname) && location.pathname !== STILL_ACCURATE_PATH && !WORKSPACE_PATH.test(location.pathname)) prefetchResults(location.search, getLang());
  await loadDirectory(document.getElementById('results-status'));
  // Towns, villages and postcode districts are found offline; full postcodes too, approximately.
  document.getElementById('postcode-hint').textContent = t('place.hintOffline');
  document.getElementById('postcode-hint').dataset.i18n = 'place.hintOffline';
  app.search = new SearchView({ areas: app.areas, config: app.config, navigate, replace });
  await route({ languageChanged: true });
  document.body.dataset.ready = 'true';
}

start();
