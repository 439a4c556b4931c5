// The profile assistant on the imports page: when no profile fits an export (or when asked), the draft profile the
// server suggests is shown as a review table (column → field, confidence), with the unmatched columns and answer
// texts; the officer can use the draft for a dry run as it is, or download it to edit and save.

import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { send } from '../session.js';
import { refusal } from './common.js';

/** Asks for a draft profile for the file: { ok, body } as send() answers. */
export function suggestFor(file) {
  const body = new FormData();
  body.append('file', file, file.name);
  return send('POST', '/api/imports/profile-suggestion', body);
}

const percent = (confidence) => `${Math.round(confidence * 100)}%`;

/**
 * The review of a suggestion. onUse(draftJsonText) is called by "use this draft for a dry run".
 * answer: what suggestFor resolved to.
 */
export function suggestionPanel(answer, fileName, { onUse }) {
  const heading = h('h3', { tabindex: '-1' }, t('imports.suggest.title'));
  if (!answer.ok) {
    return h('section', { class: 'imports-suggestion' }, heading, h('p', {}, t('imports.suggest.failed'), ' ', refusal(answer.body)));
  }
  const s = answer.body;
  const draft = JSON.stringify(s.profile, null, 2);
  const download = h('a', {
    class: 'button button-secondary', download: `${(s.profile?.name ?? fileName.replace(/\.[^.]+$/, '')) || 'draft'}.json`,
    href: URL.createObjectURL(new Blob([draft], { type: 'application/json' })),
  }, t('imports.suggest.download'));
  const use = h('button', { type: 'button' }, t('imports.suggest.use'));
  use.addEventListener('click', () => onUse(draft));
  const columns = [...s.columns].sort((a, b) => a.confidence - b.confidence);
  return h('section', { class: 'imports-suggestion', 'aria-labelledby': 'imports-suggestion-title' },
    h('h3', { id: 'imports-suggestion-title', tabindex: '-1' }, t('imports.suggest.title')),
    h('p', {}, s.basedOn ? t('imports.suggest.basedOn', { profile: s.basedOn, rows: s.rowsSampled }) : t('imports.suggest.fromScratch', { rows: s.rowsSampled })),
    s.problems?.length ? h('div', { class: 'imports-warning-box' }, h('p', {}, t('imports.suggest.problems')), h('ul', {}, s.problems.map((p) => h('li', {}, p)))) : null,
    h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('imports.suggest.columns') },
      h('table', { class: 'imports-table' },
        h('caption', {}, t('imports.suggest.columns')),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('imports.suggest.colColumn')),
          h('th', { scope: 'col' }, t('imports.suggest.colField')),
          h('th', { scope: 'col' }, t('imports.suggest.colConfidence')))),
        h('tbody', {}, columns.map((c) => h('tr', { class: `imports-level-${c.level}` },
          h('th', { scope: 'row' }, c.column),
          h('td', {}, c.field, c.option ? h('span', { class: 'imports-note' }, ` (${c.option})`) : null),
          h('td', {}, `${t(`imports.suggest.level.${c.level}`)} (${percent(c.confidence)})`)))))),
    h('h4', {}, t('imports.suggest.unmatchedColumns')),
    s.unmatchedColumns.length ? h('ul', {}, s.unmatchedColumns.map((c) => h('li', {}, c))) : h('p', {}, t('imports.publish.none')),
    s.unmatchedAnswers.length ? null : h('h4', {}, t('imports.suggest.unmatchedAnswers')),
    s.unmatchedAnswers.length
      ? h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('imports.suggest.unmatchedAnswers') },
        h('table', { class: 'imports-table' },
          h('caption', {}, t('imports.suggest.unmatchedAnswers')),
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, t('imports.suggest.colField')),
            h('th', { scope: 'col' }, t('imports.suggest.colText')),
            h('th', { scope: 'col' }, t('imports.suggest.colCount')))),
          h('tbody', {}, s.unmatchedAnswers.map((a) => h('tr', {}, h('td', {}, a.field), h('th', { scope: 'row' }, a.text), h('td', {}, String(a.count)))))))
      : h('p', {}, t('imports.publish.none')),
    h('p', {}, t('imports.suggest.next')),
    h('div', { class: 'imports-actions' }, use, download));
}
