// /manage/listings: the listings of the organisations a provider acts for (an administrator: every
// organisation's, or one chosen), with status, "last verified" and "last edited" (two dates, never one), the
// stale / overdue tag the public pages show, changes waiting for moderation, and one-click actions: still
// accurate (the Verify action, the only thing that sets LastVerified), pause / reopen, close (DELETE).

import '../../styles/listings.css';
import { h } from '../../dom.js';
import { t, tn, addStrings, getLang } from '../../i18n.js';
import { label } from '../../vocab.js';
import { formatDate, pick } from '../../format.js';
import { get, send, errorMessage } from '../session.js';
import { loadSupport, readAll, freshness, dayOf } from '../listings/common.js';
import en from '../i18n/listings.en.json';
import cy from '../i18n/listings.cy.json';

addStrings({ en, cy });

const FIELDS = 'Id,Name,NameCy,Status,LastVerified,VerifiedBy,OrganisationId,Version,ClosedAt';

const date = (text) => formatDate(dayOf(text), getLang());

/** The organisations the person may choose between: an administrator's are every one, a provider's its own. */
async function organisationsFor(me, signal) {
  if (me.role === 'admin') {
    const rows = await readAll('/odata/Organisations?$select=Id,Name,NameCy&$orderby=Name', { signal });
    return rows.map((o) => ({ id: o.Id, name: pick(getLang(), o.Name, o.NameCy) }));
  }
  return (me.organisations ?? []).map((o) => ({ id: o.id, name: o.name }));
}

export async function render(container, { me, query, navigate, signal }) {
  const heading = h('h1', { tabindex: '-1' }, t('listings.title'));
  const status = h('p', { role: 'status', class: 'listings-status', tabindex: '-1' });
  container.replaceChildren(heading, status);
  const [{ config }, organisations] = await Promise.all([loadSupport(), organisationsFor(me, signal)]);
  const chosen = organisations.find((o) => String(o.id) === query.get('organisation'));
  const admin = me.role === 'admin';
  if (!admin && organisations.length === 0) {
    container.append(h('p', {}, t('listings.noOrganisation')));
    return t('listings.title');
  }
  const ids = chosen ? [chosen.id] : admin ? null : organisations.map((o) => o.id);
  const names = new Map(organisations.map((o) => [o.id, o.name]));
  const manyOrganisations = !chosen && (admin || organisations.length > 1);

  const intro = h('p', { class: 'intro' }, t(admin ? 'listings.introAdmin' : 'listings.intro'));
  const actions = h('ul', { class: 'listings-links' },
    h('li', {}, h('a', { href: `/manage/listings/new${chosen ? `?organisation=${chosen.id}` : ''}`, 'data-link': true, class: 'button-link' }, t('listings.add'))),
    h('li', {}, h('a', { href: '/api/listings/export?format=csv', download: '' }, t('listings.downloadCsv'))),
    h('li', {}, h('a', { href: '/api/listings/export?format=xlsx', download: '' }, t('listings.downloadXlsx'))));
  const filter = organisations.length > 1 ? organisationFilter(organisations, chosen, navigate) : null;
  const table = h('div', { class: 'listings-table' });
  const confirmArea = h('div');
  container.append(intro, filter ?? '', actions, confirmArea, table);

  const say = (message) => {
    status.textContent = message;
    status.focus();
  };

  async function load() {
    const where = ids ? `&$filter=${encodeURIComponent(`OrganisationId in (${ids.join(',')})`)}` : '';
    const orgQuery = chosen ? `?organisation=${chosen.id}` : '';
    const [rows, edits, waiting] = await Promise.all([
      // Closed (deleted) listings too: they stay on the list, marked closed, with no actions.
      readAll(`/odata/Interventions?includeDeleted=true&$select=${FIELDS}&$orderby=Name,Id${where}`, { signal }),
      get(`/api/listings/last-edited${orgQuery}`, { signal }),
      get(`/api/moderation?state=pending${chosen ? `&organisation=${chosen.id}` : ''}`, { signal }),
    ]);
    const lastEdited = new Map((edits.body?.listings ?? []).map((e) => [e.id, e]));
    const pending = new Map();
    let newWaiting = 0;
    for (const item of waiting.body?.items ?? []) {
      if (item.interventionId == null) newWaiting += 1;
      else pending.set(item.interventionId, (pending.get(item.interventionId) ?? 0) + 1);
    }
    return { rows, lastEdited, pending, newWaiting };
  }

  async function refresh(message) {
    let data;
    try {
      data = await load();
    } catch (error) {
      if (error.name === 'AbortError') return;
      table.replaceChildren(h('p', { class: 'field-error' }, error.message || t('workspace.error')));
      return;
    }
    table.replaceChildren(tableOf(data));
    if (message) say(message);
  }

  /** A write on one listing: its answer becomes the status message, then the list is read again. */
  async function act(listing, request, done) {
    const answer = await request();
    const name = pick(getLang(), listing.Name, listing.NameCy);
    if (answer.status === 202) await refresh(t('listings.waits', { name }));
    else if (answer.ok) await refresh(done(answer));
    else if (answer.status === 412) await refresh(t('listings.conflict', { name, message: errorMessage(answer.body) ?? '' }));
    else say(errorMessage(answer.body) ?? t('workspace.error'));
  }

  const verify = (listing) => act(listing, () => send('POST', `/odata/Interventions(${listing.Id})/Verify`),
    (answer) => t('listings.verified', { name: pick(getLang(), listing.Name, listing.NameCy), date: date(answer.body?.LastVerified) }));

  const setStatus = (listing, value) => act(listing,
    () => send('PATCH', `/odata/Interventions(${listing.Id})`, { Status: value }, { headers: { 'If-Match': listing['@odata.etag'] ?? '*' } }),
    () => t(value === 'paused' ? 'listings.paused' : 'listings.reopened', { name: pick(getLang(), listing.Name, listing.NameCy) }));

  function askToClose(listing, returnTo) {
    const name = pick(getLang(), listing.Name, listing.NameCy);
    const yes = h('button', { type: 'button', class: 'button-warning' }, t('listings.closeConfirm'));
    const no = h('button', { type: 'button', class: 'button-secondary' }, t('listings.closeCancel'));
    const title = h('h2', { tabindex: '-1' }, t('listings.closeTitle', { name }));
    const panel = h('section', { class: 'confirm-panel', 'aria-labelledby': 'close-title' },
      title, h('p', {}, t('listings.closeExplain')), h('div', { class: 'button-row' }, yes, no));
    title.id = 'close-title';
    confirmArea.replaceChildren(panel);
    title.focus();
    no.addEventListener('click', () => {
      confirmArea.replaceChildren();
      returnTo.focus();
    });
    yes.addEventListener('click', async () => {
      confirmArea.replaceChildren();
      await act(listing, () => send('DELETE', `/odata/Interventions(${listing.Id})`, undefined, { headers: { 'If-Match': listing['@odata.etag'] ?? '*' } }),
        () => t('listings.closed', { name }));
    });
  }

  function tableOf({ rows, lastEdited, pending, newWaiting }) {
    if (rows.length === 0) return h('p', {}, t('listings.none'));
    const head = h('tr', {},
      h('th', { scope: 'col' }, t('listings.col.name')),
      manyOrganisations ? h('th', { scope: 'col' }, t('listings.col.organisation')) : null,
      h('th', { scope: 'col' }, t('listings.col.status')),
      h('th', { scope: 'col' }, t('listings.col.verified')),
      h('th', { scope: 'col' }, t('listings.col.edited')),
      h('th', { scope: 'col' }, t('listings.col.actions')));
    const body = rows.map((listing) => {
      const name = pick(getLang(), listing.Name, listing.NameCy);
      const state = freshness(listing.LastVerified, config);
      const edit = lastEdited.get(listing.Id);
      const waits = pending.get(listing.Id) ?? 0;
      const verifyButton = h('button', { type: 'button', class: 'button-secondary', 'data-action': 'verify' },
        t('listings.stillAccurate'), h('span', { class: 'visually-hidden' }, `: ${name}`));
      verifyButton.addEventListener('click', () => verify(listing));
      const paused = listing.Status === 'paused';
      const pauseButton = h('button', { type: 'button', class: 'button-secondary', 'data-action': paused ? 'reopen' : 'pause' },
        t(paused ? 'listings.reopen' : 'listings.pause'), h('span', { class: 'visually-hidden' }, `: ${name}`));
      pauseButton.addEventListener('click', () => setStatus(listing, paused ? 'active' : 'paused'));
      const closeButton = h('button', { type: 'button', class: 'button-secondary', 'data-action': 'close' },
        t('listings.close'), h('span', { class: 'visually-hidden' }, `: ${name}`));
      closeButton.addEventListener('click', () => askToClose(listing, closeButton));
      return h('tr', { 'data-id': listing.Id },
        h('th', { scope: 'row', 'data-label': t('listings.col.name') },
          h('a', { href: `/manage/listings/${listing.Id}`, 'data-link': true, lang: name === listing.NameCy ? 'cy' : null }, name)),
        manyOrganisations ? h('td', { 'data-label': t('listings.col.organisation') }, names.get(listing.OrganisationId) ?? String(listing.OrganisationId)) : null,
        h('td', { 'data-label': t('listings.col.status') },
          listing.Status === 'active' ? label('status', listing.Status) : h('strong', { class: `tag tag-${listing.Status}` }, label('status', listing.Status)),
          waits ? [' ', h('span', { class: 'tag tag-waiting' }, t('listings.waiting'))] : null),
        h('td', { 'data-label': t('listings.col.verified'), class: 'verified-cell' },
          date(listing.LastVerified) || t('listings.never'),
          state ? [' ', h('strong', { class: `tag tag-${state}` }, t(state === 'overdue' ? 'listings.overdue' : 'listings.stale'))] : null),
        h('td', { 'data-label': t('listings.col.edited'), class: 'edited-cell' },
          edit ? t('listings.editedBy', { date: date(edit.at), name: edit.by }) : t('listings.noEdit')),
        h('td', { 'data-label': t('listings.col.actions') }, listing.ClosedAt
          ? t('listings.closedOn', { date: date(listing.ClosedAt) })
          : h('div', { class: 'row-actions' }, verifyButton, pauseButton, closeButton)));
    });
    return h('div', {},
      newWaiting ? h('p', { class: 'waiting-note' }, tn('listings.newWaiting', newWaiting)) : null,
      h('table', {}, h('caption', { class: 'visually-hidden' }, t('listings.caption')), h('thead', {}, head), h('tbody', {}, body)));
  }

  await refresh();
  return t('listings.title');
}

function organisationFilter(organisations, chosen, navigate) {
  const select = h('select', { id: 'listings-organisation', name: 'organisation' },
    h('option', { value: '' }, t('listings.allOrganisations')),
    organisations.map((o) => h('option', { value: o.id, selected: chosen?.id === o.id || null }, o.name)));
  const form = h('form', { class: 'listings-filter' },
    h('label', { for: 'listings-organisation' }, t('listings.organisation')),
    h('div', { class: 'inline' }, select, h('button', { type: 'submit' }, t('listings.show'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(select.value ? `/manage/listings?organisation=${select.value}` : '/manage/listings');
  });
  return form;
}
