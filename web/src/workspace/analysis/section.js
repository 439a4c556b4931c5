// One analysis on the page: heading, what it shows, its chart and table, notes and export links.

import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { tableUrl } from './data.js';

/** Links to the same table as a file: CSV, Excel, and both "for publication" (small numbers hidden). */
export function exportLinks(table, options, title) {
  const link = (format, publication, key) => h('li', {},
    h('a', { href: tableUrl(table, format, { ...options, publication }), download: '' }, t(key)));
  return h('nav', { class: 'export-links', 'aria-label': t('analysis.exportsOf', { title }) },
    h('ul', {},
      link('csv', false, 'analysis.export.csv'),
      link('xlsx', false, 'analysis.export.xlsx'),
      link('csv', true, 'analysis.export.csvPublication'),
      link('xlsx', true, 'analysis.export.xlsxPublication')));
}

export function section({ id, title, intro, controls, body, table, options }) {
  return h('section', { class: 'analysis-section', id, 'aria-labelledby': `${id}-heading` },
    h('h2', { id: `${id}-heading` }, title),
    intro ? h('p', { class: 'analysis-intro' }, intro) : null,
    controls ?? null,
    h('div', { class: 'analysis-body' }, body),
    table ? exportLinks(table, options, title) : null);
}

/** A labelled select whose change calls onChange(value). */
export function select({ id, label, options, value, onChange }) {
  const element = h('select', { id },
    options.map((o) => h('option', { value: o.value, selected: o.value === value }, o.label)));
  element.addEventListener('change', () => onChange(element.value));
  return h('div', { class: 'analysis-control' }, h('label', { for: id }, label), element);
}

/** The areas of the chosen level, in the server's order. */
export const atLevel = (rows, level) => rows.filter((r) => r.AreaKind === level);
