// The analysts' dashboard (/analysis): provision, gaps, access, funding risk, demand beside supply and round
// comparison for a chosen source, area level and facet filters; each as a chart and a table with the same
// numbers, a choropleth for any measure, export links, and a layout that prints whole for board papers.

import '../../styles/analysis.css';
import { h } from '../../dom.js';
import { t, addStrings, getLang } from '../../i18n.js';
import { FACETS } from '../../facets.js';
import { renderFilters } from '../../filters-ui.js';
import { label } from '../../vocab.js';
import { replaceEntry } from '../../quickexit.js';
import en from '../i18n/analysis.en.json';
import cy from '../i18n/analysis.cy.json';
import { LEVELS, TABLES, HIDDEN, readRounds, readTable, readRoundChanges, formatDate } from '../analysis/data.js';
import { clearCharts, chartsDrawn } from '../analysis/charts.js';
import { clearMaps, mountMaps, choroplethSection } from '../analysis/choropleth.js';
import { provisionSection, PROVISION_FACETS } from '../analysis/provision.js';
import { gapsSection } from '../analysis/gaps.js';
import { accessSection } from '../analysis/access.js';
import { fundingSection } from '../analysis/funding.js';
import { demandSection } from '../analysis/demand.js';
import { comparisonSection, roundName } from '../analysis/rounds.js';
import { select } from '../analysis/section.js';

addStrings({ en, cy });

/** The page's choices, from the URL (so a dashboard can be linked to, printed and reopened). */
function stateOf(query) {
  const number = (name) => (/^\d+$/.test(query.get(name) ?? '') ? Number(query.get(name)) : null);
  const filters = {};
  for (const facet of FACETS) {
    const values = query.getAll(facet.key).filter(Boolean);
    if (values.length) filters[facet.key] = values;
  }
  return {
    round: number('round') ?? 0,
    compare: number('compare'),
    level: LEVELS.includes(query.get('level')) ? query.get('level') : 'local-authority',
    publication: query.get('publication') === 'true',
    filters,
    facet: query.get('facet') in PROVISION_FACETS ? query.get('facet') : 'total',
    measure: query.get('measure') === 'per100k' ? 'per100k' : 'count',
    funding: query.get('funding') ?? 'all',
    map: query.get('map') ?? 'per100k',
  };
}

function queryOf(state) {
  const query = new URLSearchParams();
  if (state.round) query.set('round', String(state.round));
  if (state.compare != null) query.set('compare', String(state.compare));
  if (state.level !== 'local-authority') query.set('level', state.level);
  if (state.publication) query.set('publication', 'true');
  for (const facet of FACETS) for (const value of state.filters[facet.key] ?? []) query.append(facet.key, value);
  if (state.facet !== 'total') query.set('facet', state.facet);
  if (state.measure !== 'count') query.set('measure', state.measure);
  if (state.funding !== 'all') query.set('funding', state.funding);
  if (state.map !== 'per100k') query.set('map', state.map);
  if (getLang() === 'cy') query.set('lang', 'cy');
  return query;
}

async function load(state, signal) {
  const options = { round: state.round, publication: state.publication, filters: state.filters };
  const [provision, gaps, access, funding, searches] = await Promise.all(TABLES.map((table) => readTable(table, options, signal)));
  const view = { provision, gaps, access, funding, searches, options, compared: null, changes: null };
  if (state.compare != null && state.compare !== state.round) {
    view.compared = await readTable('provision', { ...options, round: state.compare }, signal);
    if (state.round > 0 && state.compare > 0) {
      view.changes = await readRoundChanges(Math.min(state.round, state.compare), Math.max(state.round, state.compare), signal);
    }
  }
  return view;
}

function filtersInWords(filters) {
  const parts = FACETS.filter((f) => filters[f.key]?.length)
    .map((f) => `${t(`facet.${f.key}`)}: ${filters[f.key].map((code) => label(f.vocabulary, code)).join(` ${t('analysis.or')} `)}`);
  return parts.length ? parts.join('; ') : t('analysis.noFilters');
}

export async function render(container, { query, signal }) {
  const state = stateOf(query);
  const rounds = await readRounds(signal).catch(() => [{ Id: 0, Name: 'live' }]);
  if (!rounds.some((r) => r.Id === state.round)) state.round = 0;
  if (state.compare != null && !rounds.some((r) => r.Id === state.compare)) state.compare = null;

  const status = h('p', { id: 'analysis-status', class: 'analysis-status', role: 'status' });
  const summary = h('div', { class: 'print-summary' });
  const sections = h('div', { class: 'analysis-sections' });
  const contents = h('nav', { class: 'analysis-contents', 'aria-label': t('analysis.contents') });
  let view = null;

  const roundLabel = (r) => {
    if (r.Id === 0) return t('analysis.liveDirectory');
    const day = r.ClosesOn ?? r.OpensOn;
    return day ? t('analysis.roundOption', { name: r.Name, date: formatDate(day) }) : t('analysis.roundOptionUndated', { name: r.Name });
  };
  const roundOptions = rounds.map((r) => ({ value: String(r.Id), label: roundLabel(r) }));
  const controls = h('div', { class: 'analysis-choices' },
    select({ id: 'analysis-round', label: t('analysis.source'), value: String(state.round), options: roundOptions, onChange: (v) => reload({ round: Number(v) }) }),
    select({
      id: 'analysis-compare', label: t('analysis.compare'), value: state.compare == null ? '' : String(state.compare),
      options: [{ value: '', label: t('analysis.compareNone') }, ...roundOptions], onChange: (v) => reload({ compare: v === '' ? null : Number(v) }),
    }),
    select({ id: 'analysis-level', label: t('analysis.level'), value: state.level, options: LEVELS.map((level) => ({ value: level, label: t(`kind.${level}`) })), onChange: (v) => redraw({ level: v }) }));
  const publication = h('input', { type: 'checkbox', id: 'analysis-publication', checked: state.publication, 'aria-describedby': 'analysis-publication-hint' });
  publication.addEventListener('change', () => reload({ publication: publication.checked }));
  const facetGroups = h('div', { class: 'analysis-facets' });
  renderFilters(facetGroups, state.filters, (filters) => reload({ filters }));
  // The search's own form is in the page too (hidden): give these boxes ids of their own.
  for (const box of facetGroups.querySelectorAll('input[id]')) {
    const label = facetGroups.querySelector(`label[for="${CSS.escape(box.id)}"]`);
    box.id = `analysis-${box.id}`;
    label?.setAttribute('for', box.id);
  }
  const form = h('form', { class: 'analysis-form', 'aria-labelledby': 'analysis-form-heading', novalidate: true, onsubmit: (e) => e.preventDefault() },
    h('h2', { id: 'analysis-form-heading', class: 'visually-hidden' }, t('analysis.choose')),
    controls,
    h('div', { class: 'check analysis-publication' }, publication,
      h('label', { for: 'analysis-publication' }, t('analysis.publication')),
      h('p', { id: 'analysis-publication-hint', class: 'hint' }, t('analysis.publicationHint'))),
    h('details', { class: 'analysis-filters', open: Object.keys(state.filters).length > 0 },
      h('summary', {}, t('analysis.filters')), facetGroups));

  container.replaceChildren(
    h('h1', { tabindex: '-1' }, t('analysis.title')),
    h('p', { class: 'analysis-lead' }, t('analysis.lead')),
    summary, form, status, contents, sections);

  function remember() {
    const url = `${location.pathname}?${queryOf(state)}`.replace(/\?$/, '');
    replaceEntry(url);
    document.body.dataset.search = location.pathname + location.search;
  }

  function describe() {
    summary.replaceChildren(...[
      h('p', {}, t('analysis.print.source', { source: roundName(rounds, state.round) })),
      state.compare != null ? h('p', {}, t('analysis.print.compare', { round: roundName(rounds, state.compare) })) : null,
      h('p', {}, t('analysis.print.level', { level: t(`kind.${state.level}`) })),
      h('p', {}, t('analysis.print.filters', { filters: filtersInWords(state.filters) })),
      h('p', {}, t('analysis.print.date', { date: formatDate(new Date().toISOString().slice(0, 10)) })),
      h('p', {}, state.publication && view ? t('analysis.print.publication', { mark: HIDDEN, threshold: view.provision.suppressBelow }) : t('analysis.print.internal')),
    ].filter(Boolean));
  }

  async function draw() {
    clearCharts();
    clearMaps();
    const width = Math.max(160, Math.min(640, container.clientWidth - 240));
    const v = { ...view, rounds, width };
    const built = [
      provisionSection(v, state, redraw),
      choroplethSection(v, state, redraw),
      gapsSection(v, state),
      accessSection(v, state),
      fundingSection(v, state, redraw),
      demandSection(v, state),
      view.compared ? comparisonSection(v, state) : null,
    ].filter(Boolean);
    sections.replaceChildren(...built);
    contents.replaceChildren(h('ul', {}, built.map((s) => h('li', {}, h('a', { href: `#${s.id}` }, s.querySelector('h2').textContent)))));
    describe();
    remember();
    delete container.dataset.drawn;
    await Promise.all([chartsDrawn(), mountMaps()]);
    container.dataset.drawn = 'true';
  }

  /** A choice that changes only how the figures already read are shown. */
  async function redraw(change) {
    const focused = document.activeElement?.id;
    Object.assign(state, change);
    await draw();
    if (focused) document.getElementById(focused)?.focus();
  }

  let loading = null;
  /** A choice that changes the figures: read them again. */
  async function reload(change = {}) {
    Object.assign(state, change);
    loading?.abort();
    loading = new AbortController();
    const mine = loading;
    signal.addEventListener('abort', () => mine.abort(), { once: true });
    status.textContent = t('analysis.loading');
    try {
      view = await load(state, mine.signal);
    } catch (error) {
      if (error.name === 'AbortError') return;
      status.textContent = t('analysis.error', { message: error.message });
      return;
    }
    await draw();
    status.textContent = t('analysis.showing', {
      source: roundName(rounds, state.round), level: t(`kind.${state.level}`), filters: filtersInWords(state.filters),
    });
  }

  await reload();
  return t('analysis.title');
}
