// /manage/moderation (administrators): the changes waiting for approval, each with its organisation, listing,
// who sent it and when, and a field-by-field diff against the listing as it is now; approve, or reject with a
// reason the provider reads. Problem reports from the public are on /manage/problems.

import '../../styles/moderation.css';
import { h } from '../../dom.js';
import { t, addStrings } from '../../i18n.js';
import { get, send, errorMessage } from '../session.js';
import { field, showErrors, clearErrors } from '../forms.js';
import { shown, when, beforeAfter } from '../moderation/values.js';
import en from '../i18n/moderation.en.json';
import cy from '../i18n/moderation.cy.json';

addStrings({ en, cy });

export async function render(container, { signal }) {
  const status = h('div', { role: 'status', class: 'moderation-status' });
  const list = h('div', { class: 'moderation-list' });
  container.replaceChildren(
    h('h1', { tabindex: '-1' }, t('moderation.queue.title')),
    h('p', {}, t('moderation.queue.intro'), ' ', h('a', { href: '/manage/problems', 'data-link': true }, t('moderation.queue.problemsLink'))),
    status,
    list);
  await load(list, status, signal);
  return t('moderation.queue.title');
}

async function load(list, status, signal) {
  const answer = await get('/api/moderation?state=pending', { signal });
  if (!answer.ok) {
    list.replaceChildren(h('p', { class: 'field-error' }, errorMessage(answer.body) ?? t('moderation.loadFailed')));
    return;
  }
  const items = answer.body.items ?? [];
  const names = await namesOf(items, signal);
  if (!items.length) {
    list.replaceChildren(h('p', {}, t('moderation.queue.none')));
    return;
  }
  list.replaceChildren(
    h('p', {}, t('moderation.queue.pendingCount', { count: items.length })),
    ...items.map((item) => itemView(item, names, () => load(list, status, signal), status)));
}

/** The names of the organisations and listings the items concern (public reads; deleted listings included). */
async function namesOf(items, signal) {
  const organisations = new Map();
  const listings = new Map();
  const orgs = await get('/odata/Organisations?$select=Id,Name', { signal });
  for (const o of orgs.body?.value ?? []) organisations.set(o.Id, o.Name);
  const ids = [...new Set(items.map((i) => i.interventionId ?? (i.entityType === 'intervention' ? i.entityId : null)).filter(Boolean))];
  if (ids.length) {
    const read = await get(`/odata/Interventions?includeDeleted=true&$select=Id,Name&$filter=Id in (${ids.join(',')})`, { signal });
    for (const l of read.body?.value ?? []) listings.set(l.Id, l.Name);
  }
  return { organisations, listings };
}

function listingName(item, names) {
  if (item.entityType === 'venue') return t('moderation.queue.venue', { id: item.interventionId });
  if (item.operation === 'create') return item.proposed?.Name ?? t('moderation.queue.op.create');
  const id = item.interventionId ?? item.entityId;
  return names.listings.get(id) ?? t('moderation.queue.listingNumber', { id });
}

function itemView(item, names, reload, status) {
  const id = `moderation-item-${item.id}`;
  const approve = h('button', { type: 'button' }, t('moderation.queue.approve'));
  const reason = field({ label: t('moderation.queue.reason'), name: 'reason', type: 'textarea', attributes: { maxlength: 2000, rows: 2 } });
  const reject = h('button', { type: 'submit', class: 'button-secondary' }, t('moderation.queue.reject'));
  const rejectForm = h('form', { class: 'moderation-reject', novalidate: true }, reason, reject);
  const errors = h('div', {});
  const article = h('article', { class: 'moderation-item', 'aria-labelledby': id },
    h('h2', { id }, `${t(`moderation.queue.op.${item.operation}`)}: ${listingName(item, names)}`),
    h('dl', { class: 'moderation-meta' },
      h('dt', {}, t('moderation.queue.organisation')), h('dd', {}, names.organisations.get(item.organisationId) ?? String(item.organisationId)),
      h('dt', {}, t('moderation.queue.submittedBy')), h('dd', {}, item.submittedBy),
      h('dt', {}, t('moderation.queue.submittedAt')), h('dd', {}, when(item.submittedAt))),
    diffTable(item),
    errors,
    h('div', { class: 'moderation-actions' }, approve, rejectForm));

  approve.addEventListener('click', async () => {
    clearErrors(errors);
    approve.disabled = true;
    const answer = await send('POST', `/api/moderation/${item.id}/approve`);
    approve.disabled = false;
    if (!answer.ok) {
      showErrors(errors, answer.body);
      return;
    }
    await reload();
    status.textContent = t('moderation.queue.approved');
  });
  rejectForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(rejectForm);
    if (!reason.control.value.trim()) {
      showErrors(rejectForm, { error: { message: t('moderation.queue.reasonRequired'), target: 'reason' } });
      return;
    }
    const answer = await send('POST', `/api/moderation/${item.id}/reject`, { reason: reason.control.value.trim() });
    if (!answer.ok) {
      showErrors(rejectForm, answer.body);
      return;
    }
    await reload();
    status.textContent = t('moderation.queue.rejected');
  });
  return article;
}

function diffTable(item) {
  const rows = (item.diff ?? []).filter((d) => d.field !== '@odata.etag');
  if (!rows.length) return h('p', {}, t('moderation.queue.noDiff'));
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('moderation.queue.diffCaption') },
    h('table', { class: 'moderation-table' },
      h('caption', {}, t('moderation.queue.diffCaption')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('moderation.queue.field')),
        h('th', { scope: 'col' }, `${t('moderation.queue.current')} → ${t('moderation.queue.proposed')}`))),
      h('tbody', {}, rows.map((d) => h('tr', {},
        h('th', { scope: 'row' }, d.field),
        h('td', {}, beforeAfter(shown(d.current), shown(d.proposed))))))));
}
