// /account: the signed-in person's own account: name and language, password, two-factor sign-in and
// personal API tokens. An administrator who must turn on two-factor sign-in first is told so at the top.

import { h } from '../../dom.js';
import { t, getLang } from '../../i18n.js';
import { formatDate } from '../../format.js';
import { send, get, forget, me as whoIsSignedIn } from '../session.js';
import { field, showErrors, clearErrors } from '../forms.js';
import { homeOf } from '../index.js';
import { busy, mismatch, newPasswordFields, statusLine } from '../accounts/common.js';
import { qrCode } from '../accounts/qr.js';

const section = (id, heading, ...children) =>
  h('section', { class: 'account-section', 'aria-labelledby': id }, h('h2', { id }, heading), ...children);

function details(me) {
  const name = field({ label: t('accounts.details.name'), name: 'name', value: me.name, required: true, autocomplete: 'name' });
  const language = field({
    label: t('accounts.details.language'), name: 'language', type: 'select', value: me.language,
    options: [{ value: 'en', label: t('accounts.language.en') }, { value: 'cy', label: t('accounts.language.cy') }],
  });
  const status = statusLine();
  const form = h('form', { class: 'account-form', novalidate: true }, name, language, h('button', { type: 'submit' }, t('accounts.details.submit')), status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      clearErrors(form);
      status.textContent = '';
      const answer = await send('PATCH', '/api/account/me', { name: name.control.value.trim(), language: language.control.value });
      if (!answer.ok) return showErrors(form, answer.body);
      forget();
      status.textContent = t('accounts.details.saved');
      return null;
    });
  });
  return section('account-details', t('accounts.details.heading'), form);
}

function password(me) {
  const current = field({ label: t('accounts.change.current'), name: 'currentPassword', type: 'password', required: true, autocomplete: 'current-password' });
  const pair = newPasswordFields('newPassword');
  const status = statusLine();
  const form = h('form', { class: 'account-form', novalidate: true },
    h('input', { type: 'text', name: 'username', autocomplete: 'username', value: me.email, hidden: true }),
    current, ...pair.fields, h('button', { type: 'submit' }, t('accounts.change.submit')), status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      clearErrors(form);
      status.textContent = '';
      const different = mismatch(pair);
      if (different) return showErrors(form, different);
      const answer = await send('POST', '/api/account/password', { currentPassword: current.control.value, newPassword: pair.password.control.value });
      if (!answer.ok) return showErrors(form, answer.body);
      for (const input of form.querySelectorAll('input[type="password"]')) input.value = '';
      status.textContent = t('accounts.change.done');
      return null;
    });
  });
  return section('account-password', t('accounts.change.heading'), form);
}

/** The key in groups of four, as authenticator apps show and take it. */
const grouped = (key) => (key.match(/.{1,4}/g) ?? []).join(' ');

function twoFactor(me, onChange) {
  const body = h('div');
  const status = statusLine();
  const codeField = (label) => field({
    label, name: 'code', hint: t('accounts.tfa.codeHint'), autocomplete: 'one-time-code', required: true,
    attributes: { inputmode: 'numeric', spellcheck: 'false' },
  });

  function showOn() {
    const code = codeField(t('accounts.tfa.disableCode'));
    const form = h('form', { class: 'account-form', novalidate: true }, code, h('button', { type: 'submit', class: 'button-secondary' }, t('accounts.tfa.disable')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(form, async () => {
        clearErrors(form);
        const answer = await send('POST', '/api/account/2fa/disable', { code: code.control.value.trim() });
        if (!answer.ok) return showErrors(form, answer.body);
        forget();
        showOff();
        status.textContent = t('accounts.tfa.disabled');
        await onChange();
        return null;
      });
    });
    body.replaceChildren(h('p', { class: 'account-state' }, t('accounts.tfa.on')), form);
  }

  function showOff() {
    const start = h('button', { type: 'button' }, t('accounts.tfa.start'));
    start.addEventListener('click', async () => {
      start.disabled = true;
      const answer = await send('POST', '/api/account/2fa/enrol');
      start.disabled = false;
      if (!answer.ok) {
        status.textContent = answer.body?.error?.message ?? t('workspace.error');
        return;
      }
      showEnrol(answer.body);
    });
    body.replaceChildren(h('p', { class: 'account-state' }, t('accounts.tfa.off')), start);
  }

  function showEnrol({ key, uri }) {
    const code = codeField(t('accounts.tfa.code'));
    const form = h('form', { class: 'account-form', novalidate: true }, code, h('button', { type: 'submit' }, t('accounts.tfa.confirm')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(form, async () => {
        clearErrors(form);
        const answer = await send('POST', '/api/account/2fa/confirm', { code: code.control.value.trim() });
        if (!answer.ok) return showErrors(form, answer.body);
        forget();
        showOn();
        status.textContent = t('accounts.tfa.enabled');
        body.append(h('div', { class: 'account-notice' },
          h('h3', {}, t('accounts.tfa.recoveryHeading')),
          h('p', {}, t('accounts.tfa.recoveryIntro')),
          h('ul', { class: 'account-codes' }, answer.body.recoveryCodes.map((c) => h('li', {}, c)))));
        await onChange();
        return null;
      });
    });
    body.replaceChildren(
      h('p', {}, t('accounts.tfa.qrIntro')),
      qrCode(uri, t('accounts.tfa.qr')),
      h('p', {}, t('accounts.tfa.keyIntro')),
      h('p', {}, h('span', { class: 'visually-hidden' }, `${t('accounts.tfa.key')}: `), h('code', { class: 'account-secret', 'data-key': key }, grouped(key))),
      h('p', {}, t('accounts.tfa.uri')),
      h('p', {}, h('code', { class: 'account-secret' }, uri)),
      form);
    code.control.focus();
  }

  if (me.twoFactorEnabled) showOn();
  else showOff();
  return section('account-2fa', t('accounts.tfa.heading'), h('p', {}, t('accounts.tfa.intro')), status, body);
}

function tokens(me) {
  const intro = h('p', {}, t('accounts.tokens.intro'));
  if (me.mustEnrolTwoFactor) return section('account-tokens', t('accounts.tokens.heading'), intro, h('p', {}, t('accounts.tokens.enrolFirst')));
  const lang = getLang();
  const status = statusLine();
  const secret = h('div');
  const list = h('div');
  const listHeading = h('h3', { tabindex: '-1' }, t('accounts.tokens.listHeading'));
  const name = field({ label: t('accounts.tokens.name'), name: 'name', hint: t('accounts.tokens.nameHint'), required: true, attributes: { maxlength: 100 } });
  const scope = field({
    label: t('accounts.tokens.scope'), name: 'scope', type: 'select', value: 'read',
    options: [{ value: 'read', label: t('accounts.tokens.scope.read') }, { value: 'write', label: t('accounts.tokens.scope.write') }],
  });
  const days = field({
    label: t('accounts.tokens.days'), name: 'expiresInDays', type: 'number', value: '90', hint: t('accounts.tokens.daysHint'), required: true,
    attributes: { min: 1, max: 365, inputmode: 'numeric' },
  });
  const form = h('form', { class: 'account-form', novalidate: true }, name, scope, days, h('button', { type: 'submit' }, t('accounts.tokens.create')));

  async function load() {
    const answer = await get('/api/account/tokens');
    const rows = answer.ok ? answer.body : [];
    if (!rows.length) {
      list.replaceChildren(h('p', {}, t('accounts.tokens.none')));
      return;
    }
    const cols = ['name', 'scope', 'created', 'expires', 'used', 'actions'];
    list.replaceChildren(h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('accounts.tokens.tableLabel') },
      h('table', { class: 'account-table', id: 'token-table' },
        h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, t(`accounts.tokens.col.${c}`))))),
        h('tbody', {}, rows.map((token) => row(token))))));
  }

  function row(token) {
    const actions = h('td');
    const revoke = h('button', { type: 'button', class: 'button-secondary', 'aria-label': t('accounts.tokens.revoke', { name: token.name }) }, t('accounts.tokens.revoke', { name: '' }).trim());
    revoke.addEventListener('click', () => {
      const yes = h('button', { type: 'button' }, t('accounts.tokens.revokeYes'));
      const no = h('button', { type: 'button', class: 'button-secondary' }, t('accounts.tokens.revokeNo'));
      const confirm = h('div', { class: 'account-confirm', role: 'group', 'aria-label': t('accounts.tokens.revoke', { name: token.name }) },
        h('p', {}, t('accounts.tokens.revokeConfirm', { name: token.name })), yes, no);
      no.addEventListener('click', () => {
        actions.replaceChildren(revoke);
        revoke.focus();
      });
      yes.addEventListener('click', async () => {
        yes.disabled = true;
        const answer = await send('DELETE', `/api/account/tokens/${token.id}`);
        status.textContent = answer.ok ? t('accounts.tokens.revoked', { name: token.name }) : (answer.body?.error?.message ?? t('workspace.error'));
        await load();
        listHeading.focus();
      });
      actions.replaceChildren(confirm);
      yes.focus();
    });
    actions.append(revoke);
    return h('tr', { 'data-token': token.id },
      h('td', {}, token.name),
      h('td', {}, t(`accounts.tokens.scope.${token.scope}`)),
      h('td', {}, formatDate(token.createdAt, lang)),
      h('td', {}, formatDate(token.expiresAt, lang)),
      h('td', {}, token.lastUsedOn ? formatDate(token.lastUsedOn, lang) : t('accounts.tokens.never')),
      actions);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      clearErrors(form);
      status.textContent = '';
      const answer = await send('POST', '/api/account/tokens', {
        name: name.control.value.trim(), scope: scope.control.value, expiresInDays: Number.parseInt(days.control.value, 10) || null,
      });
      if (!answer.ok) return showErrors(form, answer.body);
      name.control.value = '';
      const copy = h('button', { type: 'button', class: 'button-secondary' }, t('accounts.tokens.copy'));
      const copied = statusLine();
      copy.addEventListener('click', async () => {
        try {
          await navigator.clipboard.writeText(answer.body.token);
          copied.textContent = t('accounts.tokens.copied');
        } catch {
          copied.textContent = t('accounts.tokens.copyFailed');
        }
      });
      const heading = h('h3', { tabindex: '-1' }, t('accounts.tokens.secretHeading', { name: answer.body.name }));
      secret.replaceChildren(h('div', { class: 'account-notice' },
        heading,
        h('p', {}, t('accounts.tokens.secretIntro')),
        h('p', {}, h('span', { class: 'visually-hidden' }, `${t('accounts.tokens.secretLabel')}: `), h('code', { class: 'account-secret', id: 'new-token' }, answer.body.token)),
        copy, copied));
      heading.focus();
      await load();
      return null;
    });
  });
  load();
  return section('account-tokens', t('accounts.tokens.heading'), intro, form, status, secret,
    listHeading, list);
}

export async function render(container, { me }) {
  const notice = h('div');
  const showNotice = (person) => {
    if (person?.mustEnrolTwoFactor) notice.replaceChildren(h('p', { class: 'account-notice' }, t('accounts.account.mustEnrol')));
    else if (me.mustEnrolTwoFactor && person) {
      const link = h('a', { href: homeOf(person), 'data-link': true }, t('accounts.account.continue'));
      notice.replaceChildren(h('p', { class: 'success' }, link));
    } else notice.replaceChildren();
  };
  showNotice(me);
  const afterTwoFactor = async () => {
    // Enrolling lifts an administrator's restriction: the notice becomes the way on, and the recovery codes stay shown.
    showNotice(await whoIsSignedIn());
  };
  container.replaceChildren(...[
    h('h1', { tabindex: '-1' }, t('accounts.account.title')),
    notice,
    me.mustEnrolTwoFactor ? null : details(me),
    me.mustEnrolTwoFactor ? null : password(me),
    twoFactor(me, afterTwoFactor),
    tokens(me)].filter(Boolean));
  return t('accounts.account.title');
}
