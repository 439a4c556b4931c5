// The accessible equivalent of every chart: a table with the same figures, a caption, header cells with
// scope, and hidden cells marked as in the exports.

import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { HIDDEN } from './data.js';

/**
 * @param {{ id: string, caption: string, columns: Array<{ label: string, numeric?: boolean }>, rows: Array<Array<string|number>> }} table
 * The first cell of each row heads it (an area's name).
 */
export function dataTable({ id, caption, columns, rows }) {
  const captionId = `${id}-table`;
  const cell = (value, column, i) => {
    const text = String(value);
    const attributes = { class: [column.numeric ? 'num' : null, text === HIDDEN ? 'hidden-cell' : null].filter(Boolean).join(' ') || null };
    return i === 0 ? h('th', { scope: 'row', ...attributes }, text) : h('td', attributes, text);
  };
  return h('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-labelledby': captionId },
    h('table', { class: 'analysis-table' },
      h('caption', { id: captionId }, caption),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : null }, c.label)))),
      h('tbody', {}, rows.length === 0
        ? h('tr', {}, h('td', { colspan: String(columns.length) }, t('analysis.noRows')))
        : rows.map((row) => h('tr', {}, row.map((value, i) => cell(value, columns[i] ?? {}, i)))))));
}

/** The notes under a section: what [c] means (when a cell is hidden), and anything else said about its figures. */
export function notes(items) {
  const list = items.filter(Boolean);
  return list.length ? h('ul', { class: 'analysis-notes' }, list.map((text) => h('li', {}, text))) : null;
}

export function hiddenNote(table, anyHidden) {
  return anyHidden && table.suppressBelow ? t('analysis.hiddenNote', { mark: HIDDEN, threshold: table.suppressBelow }) : null;
}
