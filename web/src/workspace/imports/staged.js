// One import's staged rows (/analysis/imports/{id}): filtered on the server to an outcome (or "partial"), each with
// its problems in plain words and, on demand, its answers as received (the import's header beside the row's cells)
// next to the normalised answers.

import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { get } from '../session.js';
import { field } from '../forms.js';
import { FILTERS, outcomeLabel, problemList } from './common.js';

const PAGE = 100;

function parse(json, fallback) {
  try {
    return json ? JSON.parse(json) : fallback;
  } catch {
    return fallback;
  }
}

/** The staged rows section of an import. header: the import's header (JSON text), or null. */
export function stagedRows(importRecord, { signal }) {
  const header = parse(importRecord.header, []);
  const choice = field({
    label: t('imports.filter.label'), name: 'rows-filter', type: 'select', value: '',
    options: [{ value: '', label: t('imports.filter.all') }, { value: 'accepted', label: t('imports.filter.accepted') },
      ...FILTERS.map((f) => ({ value: f, label: t(`imports.filter.${f}`) }))],
  });
  const count = h('p', { role: 'status', class: 'imports-count' });
  const body = h('tbody', {});
  const more = h('button', { type: 'button', class: 'button-secondary', hidden: true }, t('imports.rows.more'));
  let skip = 0;
  let shown = 0;
  let latest = 0; // an answer to an earlier filter that arrives late is dropped

  const load = async (reset) => {
    const mine = ++latest;
    if (reset) {
      skip = 0;
      shown = 0;
      body.replaceChildren();
    }
    const filter = choice.control.value;
    const query = new URLSearchParams({ skip: String(skip), top: String(PAGE) });
    if (filter) query.set('outcome', filter);
    count.textContent = t('imports.rows.loading');
    const answer = await get(`/api/imports/${importRecord.id}/responses?${query}`, { signal });
    if (mine !== latest) return;
    if (!answer.ok) {
      count.textContent = t('workspace.error');
      return;
    }
    body.append(...answer.body.flatMap((row) => rowOf(row, header)));
    skip += answer.body.length;
    shown += answer.body.length;
    more.hidden = answer.body.length < PAGE;
    count.textContent = shown ? t('imports.rows.shown', { count: shown }) : t('imports.rows.none');
  };
  choice.control.addEventListener('change', () => load(true));
  more.addEventListener('click', () => load(false));
  load(true);

  return h('section', { 'aria-labelledby': 'imports-rows-title' },
    h('h2', { id: 'imports-rows-title' }, t('imports.rows.title')),
    h('p', {}, t('imports.rows.intro')),
    choice, count,
    h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('imports.rows.title') },
      h('table', { class: 'imports-table' },
        h('caption', {}, t('imports.rows.title')),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('imports.col.row')),
          h('th', { scope: 'col' }, t('imports.col.outcome')),
          h('th', { scope: 'col' }, t('imports.col.intervention')),
          h('th', { scope: 'col' }, t('imports.col.problems')))),
        body)),
    more);
}

/** A row's line of the table, and under it a full-width line with its answers. */
function rowOf(row, header) {
  const problems = parse(row.problems, []);
  return [h('tr', { 'data-row': String(row.rowNumber) },
    h('th', { scope: 'row' }, String(row.rowNumber)),
    h('td', {}, h('span', { class: 'imports-outcome' }, outcomeLabel(row.outcome)),
      row.duplicateOfRow ? h('span', { class: 'imports-note' }, ` ${t('imports.repeatsRow', { row: row.duplicateOfRow })}`) : null,
      row.publishedInterventionId ? h('span', { class: 'imports-note' }, ' ',
        h('a', { href: `/manage/listings/${row.publishedInterventionId}`, 'data-link': true }, t('imports.rows.published', { id: row.publishedInterventionId }))) : null),
    h('td', {}, row.interventionName ?? '', row.organisationName ? h('span', { class: 'imports-note' }, ` (${row.organisationName})`) : null),
    h('td', {}, problemList(problems))),
  h('tr', { class: 'imports-answers-row', 'data-answers-of': String(row.rowNumber) }, h('td', { colspan: '4' }, answers(row, header)))];
}

/** The row's answers as received beside the normalised ones, in a disclosure (rows are long). */
function answers(row, header) {
  const raw = parse(row.rawRow, null);
  const normalised = parse(row.normalised, null);
  let received;
  if (Array.isArray(raw)) {
    const pairs = raw.map((cell, i) => [header[i] ?? t('imports.rows.column', { number: i + 1 }), cell]).filter(([, cell]) => cell !== '');
    received = h('dl', { class: 'imports-answers-list' }, pairs.map(([column, cell]) => h('div', {}, h('dt', {}, column), h('dd', {}, cell))));
  } else {
    received = h('pre', { class: 'imports-raw' }, raw?.$raw ?? '');
  }
  const clean = normalised
    ? h('dl', { class: 'imports-answers-list' }, Object.entries(normalised).map(([name, value]) => h('div', {}, h('dt', {}, name), h('dd', {}, show(value)))))
    : h('p', {}, t('imports.rows.noNormalised'));
  return h('details', { class: 'imports-answers' },
    h('summary', {}, t('imports.rows.answers', { row: row.rowNumber })),
    h('div', { class: 'imports-answers-grid' },
      h('div', {}, h('h3', {}, t('imports.rows.received')), received),
      h('div', {}, h('h3', {}, t('imports.rows.normalised')), clean)));
}

function show(value) {
  if (Array.isArray(value)) return value.map(show).join('; ');
  if (value && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}: ${show(v)}`).join('; ');
  if (value === true) return t('imports.yes');
  if (value === false) return t('imports.no');
  return String(value ?? '');
}
