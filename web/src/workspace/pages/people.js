// /manage/people (administrators): everyone with an account (role, organisations, two-factor, lock), changes
// to a role, organisations or lock, invitations by e-mail, and the invitations not yet accepted.

import { h } from '../../dom.js';
import { t, getLang } from '../../i18n.js';
import { formatDate } from '../../format.js';
import { send, get } from '../session.js';
import { field, showErrors, clearErrors } from '../forms.js';
import { busy, statusLine } from '../accounts/common.js';

const ROLES = ['provider', 'analyst', 'admin'];

async function organisations() {
  const all = [];
  let url = '/odata/Organisations?$select=Id,Name&$orderby=Name';
  while (url) {
    const answer = await get(url);
    if (!answer.ok) break;
    all.push(...answer.body.value.map((o) => ({ id: o.Id ?? o.id, name: o.Name ?? o.name })));
    url = answer.body['@odata.nextLink'] ?? null;
  }
  return all;
}

const roleField = (value) => field({
  label: t('accounts.people.role'), name: 'role', type: 'select', value,
  options: ROLES.map((r) => ({ value: r, label: t(`accounts.people.role.${r}`) })),
});

/** Checkboxes for the organisations, shaped like a forms.js field so showErrors can point at it. */
function organisationChoice(all, chosen, key) {
  const id = `orgs-${key}`;
  const boxes = all.map((o) => h('label', {},
    h('input', { type: 'checkbox', id: `${id}-${o.id}`, name: 'organisations', value: o.id, checked: chosen.includes(o.id) || null }), ' ', o.name));
  const error = h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  const wrapper = h('fieldset', { class: 'organisation-choice field', 'data-field': 'organisations', 'aria-describedby': `${id}-hint ${id}-error` },
    h('legend', {}, t('accounts.people.organisations')),
    h('p', { id: `${id}-hint`, class: 'hint' }, t('accounts.people.organisationsHint')),
    error,
    h('div', { class: 'choices' }, boxes));
  wrapper.control = wrapper.querySelector('input');
  wrapper.chosen = () => [...wrapper.querySelectorAll('input:checked')].map((box) => Number(box.value));
  return wrapper;
}

/** An inline "are you sure?" in place of a button. */
function confirmInPlace(button, { question, yes, no, label, act }) {
  button.addEventListener('click', () => {
    const slot = button.parentElement;
    const kept = [...slot.childNodes];
    const yesButton = h('button', { type: 'button' }, yes);
    const noButton = h('button', { type: 'button', class: 'button-secondary' }, no);
    noButton.addEventListener('click', () => {
      slot.replaceChildren(...kept);
      button.focus();
    });
    yesButton.addEventListener('click', async () => {
      yesButton.disabled = true;
      await act();
    });
    slot.replaceChildren(h('div', { class: 'account-confirm', role: 'group', 'aria-label': label }, h('p', {}, question), yesButton, noButton));
    yesButton.focus();
  });
}

export async function render(container) {
  const lang = getLang();
  const status = statusLine();
  const pendingList = h('div');
  const peopleList = h('div');
  const pendingHeading = h('h2', { id: 'people-pending', tabindex: '-1' }, t('accounts.people.pendingHeading'));
  const orgs = await organisations();
  const nameOf = new Map(orgs.map((o) => [o.id, o.name]));
  const names = (ids) => (ids.length ? ids.map((id) => nameOf.get(id) ?? `#${id}`).join(', ') : t('accounts.people.none'));
  const say = (text) => {
    status.textContent = text;
  };

  async function loadPending() {
    const answer = await get('/api/admin/invitations');
    const pending = answer.ok ? answer.body : [];
    if (!pending.length) {
      pendingList.replaceChildren(h('p', {}, t('accounts.people.noPending')));
      return;
    }
    pendingList.replaceChildren(h('ul', { class: 'people-list', id: 'pending-invitations' }, pending.map((invitation) => {
      const revoke = h('button', { type: 'button', class: 'button-secondary' }, t('accounts.people.revokeInvitation', { email: invitation.email }));
      confirmInPlace(revoke, {
        question: t('accounts.people.revokeConfirm', { email: invitation.email }),
        yes: t('accounts.people.revokeYes'),
        no: t('accounts.people.revokeNo'),
        label: t('accounts.people.revokeInvitation', { email: invitation.email }),
        act: async () => {
          const done = await send('DELETE', `/api/admin/invitations/${invitation.id}`);
          say(done.ok ? t('accounts.people.revoked', { email: invitation.email }) : (done.body?.error?.message ?? t('workspace.error')));
          await loadPending();
          pendingHeading.focus();
        },
      });
      return h('li', { 'data-invitation': invitation.id },
        h('h3', {}, invitation.email),
        h('ul', { class: 'people-facts' },
          h('li', {}, t(`accounts.people.role.${invitation.role}`)),
          h('li', {}, t('accounts.people.orgsOf', { names: names(invitation.organisations) })),
          h('li', {}, t(invitation.expired ? 'accounts.people.expired' : 'accounts.people.expires', { date: formatDate(invitation.expiresAt, lang) }))),
        h('div', { class: 'people-actions' }, revoke));
    })));
  }

  function personItem(person) {
    const item = h('li', { 'data-person': person.id });
    const role = roleField(person.role);
    const choice = organisationChoice(orgs, person.organisations, `p${person.id}`);
    const form = h('form', { class: 'account-form', novalidate: true }, role, choice,
      h('button', { type: 'submit' }, t('accounts.people.save', { email: person.email })));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(form, async () => {
        clearErrors(form);
        const answer = await send('PATCH', `/api/admin/people/${person.id}`, { role: role.control.value, organisations: choice.chosen() });
        if (!answer.ok) return showErrors(form, answer.body);
        say(t('accounts.people.saved', { email: person.email }));
        const fresh = personItem(answer.body);
        item.replaceWith(fresh);
        fresh.querySelector('h3').focus();
        return null;
      });
    });
    const lock = h('button', { type: 'button', class: 'button-secondary' },
      t(person.locked ? 'accounts.people.unlock' : 'accounts.people.lock', { email: person.email }));
    lock.addEventListener('click', async () => {
      lock.disabled = true;
      const answer = await send('PATCH', `/api/admin/people/${person.id}`, { locked: !person.locked });
      lock.disabled = false;
      if (!answer.ok) {
        say(answer.body?.error?.message ?? t('workspace.error'));
        return;
      }
      say(t(answer.body.locked ? 'accounts.people.lockedDone' : 'accounts.people.unlockedDone', { email: person.email }));
      const fresh = personItem(answer.body);
      item.replaceWith(fresh);
      fresh.querySelector('.people-actions button').focus();
    });
    item.append(
      h('h3', { tabindex: '-1' }, person.email),
      h('ul', { class: 'people-facts' },
        h('li', {}, person.name || t('accounts.people.noName')),
        h('li', {}, t(`accounts.people.role.${person.role}`)),
        h('li', {}, t('accounts.people.orgsOf', { names: names(person.organisations) })),
        h('li', {}, t(person.twoFactorEnabled ? 'accounts.people.tfaOn' : 'accounts.people.tfaOff')),
        h('li', {}, t(person.locked ? 'accounts.people.locked' : 'accounts.people.active'))),
      h('div', { class: 'people-actions' }, lock),
      h('details', { class: 'people-change' }, h('summary', {}, t('accounts.people.change')), form));
    return item;
  }

  async function loadPeople() {
    const answer = await get('/api/admin/people');
    peopleList.replaceChildren(h('ul', { class: 'people-list', id: 'people' }, (answer.ok ? answer.body : []).map(personItem)));
  }

  const email = field({ label: t('accounts.email'), name: 'email', type: 'email', required: true, autocomplete: 'off' });
  const role = roleField('provider');
  const choice = organisationChoice(orgs, [], 'invite');
  const language = field({
    label: t('accounts.people.language'), name: 'language', type: 'select', value: lang,
    options: [{ value: 'en', label: t('accounts.language.en') }, { value: 'cy', label: t('accounts.language.cy') }],
  });
  const invite = h('form', { class: 'account-form', novalidate: true }, email, role, choice, language,
    h('button', { type: 'submit' }, t('accounts.people.invite')));
  invite.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(invite, async () => {
      clearErrors(invite);
      const address = email.control.value.trim();
      const answer = await send('POST', '/api/admin/invitations', {
        email: address, role: role.control.value, organisations: choice.chosen(), language: language.control.value,
      });
      if (!answer.ok) return showErrors(invite, answer.body);
      say(t('accounts.people.invited', { email: address }));
      email.control.value = '';
      for (const box of choice.querySelectorAll('input:checked')) box.checked = false;
      await loadPending();
      return null;
    });
  });

  await Promise.all([loadPending(), loadPeople()]);
  container.replaceChildren(
    h('h1', { tabindex: '-1' }, t('accounts.people.title')),
    h('p', {}, t('accounts.people.intro')),
    status,
    h('section', { class: 'account-section', 'aria-labelledby': 'people-invite' }, h('h2', { id: 'people-invite' }, t('accounts.people.inviteHeading')), invite),
    h('section', { class: 'account-section', 'aria-labelledby': 'people-pending' }, pendingHeading, pendingList),
    h('section', { class: 'account-section', 'aria-labelledby': 'people-all' }, h('h2', { id: 'people-all' }, t('accounts.people.listHeading')), peopleList));
  return t('accounts.people.title');
}
