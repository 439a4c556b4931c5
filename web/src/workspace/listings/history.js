// A listing's audit trail (GET /api/audit?intervention=…, as the API lets the organisation read it): who, when,
// what was done and each changed field's value before and after. Newest first.

import { h } from '../../dom.js';
import { t, getLang } from '../../i18n.js';
import { formatDate } from '../../format.js';
import { get, errorMessage } from '../session.js';

const SHOWN = 100;

function value(node) {
  if (node == null || node === '') return t('editor.history.empty');
  if (Array.isArray(node)) return node.length ? node.join(', ') : t('editor.history.empty');
  if (typeof node === 'object') return JSON.stringify(node);
  return String(node);
}

const when = (at) => `${formatDate(at, getLang())} ${String(at).slice(11, 16)} UTC`;

export async function historySection(listingId, { signal } = {}) {
  const heading = h('h2', { id: 'history-heading' }, t('editor.section.history'));
  const section = h('section', { class: 'editor-section history', 'aria-labelledby': 'history-heading' }, heading);
  const answer = await get(`/api/audit?intervention=${Number(listingId)}&top=${SHOWN}`, { signal });
  if (!answer.ok) {
    section.append(h('p', {}, errorMessage(answer.body) ?? t('workspace.error')));
    return section;
  }
  const entries = answer.body.entries ?? [];
  if (entries.length === 0) {
    section.append(h('p', {}, t('editor.history.none')));
    return section;
  }
  section.append(h('ol', { class: 'history-list' }, entries.map((entry) => {
    const changes = Array.isArray(entry.changes) ? entry.changes : [];
    const what = t(`editor.history.${entry.entityType === 'venue' ? 'venue' : 'listing'}.${entry.action}`);
    return h('li', {},
      h('p', { class: 'history-who' }, h('strong', {}, entry.actorName), ' · ', when(entry.at), ' · ', what),
      changes.length
        ? h('table', { class: 'history-changes' },
          h('caption', { class: 'visually-hidden' }, t('editor.history.caption', { who: entry.actorName, when: when(entry.at) })),
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, t('editor.history.field')),
            h('th', { scope: 'col' }, t('editor.history.before')),
            h('th', { scope: 'col' }, t('editor.history.after')))),
          h('tbody', {}, changes.map((c) => h('tr', {},
            h('th', { scope: 'row' }, c.field),
            h('td', { 'data-label': t('editor.history.before') }, value(c.before)),
            h('td', { 'data-label': t('editor.history.after') }, '→ ', value(c.after))))))
        : null);
  })));
  if (entries.length === SHOWN) {
    section.append(h('p', {}, h('a', { href: `/api/audit?intervention=${Number(listingId)}&format=csv`, download: '' }, t('editor.history.all'))));
  }
  return section;
}
