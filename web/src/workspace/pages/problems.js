// /manage/problems (providers and administrators): the public's reports about the provider's listings
// (administrators: every listing), newest first; administrators mark one dealt with. A provider also sees the
// outcome of its own organisations' queued changes: waiting, approved, or rejected with the reason.

import '../../styles/moderation.css';
import { h } from '../../dom.js';
import { t, addStrings, getLang } from '../../i18n.js';
import { get, send, errorMessage } from '../session.js';
import { when } from '../moderation/values.js';
import en from '../i18n/moderation.en.json';
import cy from '../i18n/moderation.cy.json';

addStrings({ en, cy });

export async function render(container, { me, signal }) {
  const status = h('div', { role: 'status' });
  const reports = h('section', { 'aria-labelledby': 'problems-heading' });
  const edits = h('section', { 'aria-labelledby': 'edits-heading' });
  container.replaceChildren(
    h('h1', { tabindex: '-1', id: 'problems-heading' }, t('moderation.problems.title')),
    h('p', {}, t('moderation.problems.intro')),
    status,
    reports,
    me.role === 'admin' ? '' : edits);
  await Promise.all([
    loadReports(reports, status, me.role === 'admin', signal),
    me.role === 'admin' ? null : loadEdits(edits, signal),
  ]);
  return t('moderation.problems.title');
}

async function loadReports(section, status, admin, signal) {
  const answer = await get('/api/problems', { signal });
  if (!answer.ok) {
    section.replaceChildren(h('p', { class: 'field-error' }, errorMessage(answer.body) ?? t('moderation.loadFailed')));
    return;
  }
  const rows = Array.isArray(answer.body) ? answer.body : [];
  if (!rows.length) {
    section.replaceChildren(h('p', {}, t('moderation.problems.none')));
    return;
  }
  const reload = () => loadReports(section, status, admin, signal);
  section.replaceChildren(h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('moderation.problems.caption') },
    h('table', { class: 'moderation-table' },
      h('caption', {}, t('moderation.problems.caption')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('moderation.problems.colListing')),
        h('th', { scope: 'col' }, t('moderation.problems.colCategory')),
        h('th', { scope: 'col' }, t('moderation.problems.colDetails')),
        h('th', { scope: 'col' }, t('moderation.problems.colDate')),
        h('th', { scope: 'col' }, t('moderation.problems.colStatus')))),
      h('tbody', {}, rows.map((r) => reportRow(r, admin, status, reload))))));
}

function reportRow(report, admin, status, reload) {
  const name = (getLang() === 'cy' && report.listing.nameCy) || report.listing.name;
  const state = h('td', {}, t(`moderation.problems.status.${report.status}`));
  if (admin && report.status === 'open') {
    const done = h('button', { type: 'button', class: 'button-secondary' }, t('moderation.problems.markDone'));
    done.addEventListener('click', async () => {
      const answer = await send('POST', `/api/problems/${report.id}/close`, { status: 'resolved' });
      if (!answer.ok) {
        status.textContent = errorMessage(answer.body) ?? t('workspace.error');
        return;
      }
      await reload();
      status.textContent = t('moderation.problems.marked');
    });
    state.append(' ', done);
  }
  return h('tr', {},
    h('th', { scope: 'row' }, h('a', { href: `/interventions/${report.listing.id}` }, name)),
    h('td', {}, t(`problem.${report.category}`)),
    h('td', {}, h('p', { class: 'problem-details' }, report.details ?? ''),
      report.contactEmail ? h('p', {}, t('moderation.problems.contact', { email: report.contactEmail })) : null),
    h('td', {}, when(report.createdAt)),
    state);
}

async function loadEdits(section, signal) {
  const answer = await get('/api/moderation', { signal });
  const items = answer.ok ? (answer.body.items ?? []) : [];
  const names = new Map();
  const ids = [...new Set(items.map((i) => i.interventionId ?? i.resultId).filter(Boolean))];
  if (ids.length) {
    const read = await get(`/odata/Interventions?includeDeleted=true&$select=Id,Name,NameCy&$filter=Id in (${ids.join(',')})`, { signal });
    for (const l of read.body?.value ?? []) names.set(l.Id, (getLang() === 'cy' && l.NameCy) || l.Name);
  }
  const heading = h('h2', { id: 'edits-heading' }, t('moderation.problems.editsTitle'));
  if (!items.length) {
    section.replaceChildren(heading, h('p', {}, t('moderation.problems.editsNone')));
    return;
  }
  section.replaceChildren(heading, h('p', {}, t('moderation.problems.editsIntro')),
    h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('moderation.problems.editsCaption') },
      h('table', { class: 'moderation-table' },
        h('caption', {}, t('moderation.problems.editsCaption')),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('moderation.problems.colListing')),
          h('th', { scope: 'col' }, t('moderation.problems.colChange')),
          h('th', { scope: 'col' }, t('moderation.problems.colSent')),
          h('th', { scope: 'col' }, t('moderation.problems.colOutcome')),
          h('th', { scope: 'col' }, t('moderation.problems.colReason')))),
        h('tbody', {}, items.map((item) => {
          const id = item.interventionId ?? item.resultId;
          const name = names.get(id) ?? item.proposed?.Name ?? (id ? t('moderation.queue.listingNumber', { id }) : '');
          return h('tr', {},
            h('th', { scope: 'row' }, id ? h('a', { href: `/interventions/${id}` }, name) : name),
            h('td', {}, t(`moderation.queue.op.${item.operation}`), (item.diff ?? []).length
              ? h('ul', { class: 'upload-details' }, item.diff.map((d) => h('li', {}, d.field))) : null),
            h('td', {}, item.submittedBy, h('br'), when(item.submittedAt)),
            h('td', {}, h('strong', {}, t(`moderation.problems.state.${item.state}`)), item.decidedAt ? h('br') : null, item.decidedAt ? when(item.decidedAt) : null),
            h('td', {}, item.reason ?? ''));
        })))));
}
