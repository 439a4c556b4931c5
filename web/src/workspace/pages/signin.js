// /account/signin: e-mail and password, then (once two-factor sign-in is on) a code from the authenticator
// app or a recovery code, in the same request. Afterwards the `next` page on this site, else the person's home.

import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { getConfig } from '../../api.js';
import { send, forget } from '../session.js';
import { field, showErrors, clearErrors } from '../forms.js';
import { homeOf } from '../index.js';
import { busy, nextPath, statusLine } from '../accounts/common.js';

/** The API's sign-in refusals, in the page's language. */
const KNOWN = { SignInFailed: 'accounts.signin.failed', TwoFactorRequired: 'accounts.signin.codeNeeded' };

export async function render(container, { me, query, navigate }) {
  const next = nextPath(query);
  if (me) {
    navigate(next ?? homeOf(me), { replace: true });
    return t('accounts.signin.title');
  }
  const config = await getConfig().catch(() => ({}));
  const email = field({ label: t('accounts.email'), name: 'email', type: 'email', required: true, autocomplete: 'username' });
  const password = field({ label: t('accounts.password'), name: 'password', type: 'password', required: true, autocomplete: 'current-password' });
  const code = field({
    label: t('accounts.signin.code'), name: 'code', hint: t('accounts.signin.codeHint'), autocomplete: 'one-time-code',
    attributes: { spellcheck: 'false', autocapitalize: 'off' },
  });
  code.hidden = true;
  const status = statusLine();
  const form = h('form', { class: 'account-form', novalidate: true },
    email, password, code, status,
    h('button', { type: 'submit' }, t('accounts.signin.submit')));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      clearErrors(form);
      status.textContent = '';
      const body = { email: email.control.value.trim(), password: password.control.value };
      if (!code.hidden && code.control.value.trim()) body.code = code.control.value.trim();
      const answer = await send('POST', '/api/account/signin', body);
      if (answer.ok) {
        forget();
        navigate(next ?? homeOf(answer.body));
        return;
      }
      const error = answer.body?.error ?? {};
      if (error.code === 'TwoFactorRequired' && code.hidden) {
        code.hidden = false;
        status.textContent = t(KNOWN.TwoFactorRequired);
        code.control.focus();
        return;
      }
      showErrors(form, { error: { ...error, message: KNOWN[error.code] ? t(KNOWN[error.code]) : error.message } });
    });
  });

  const welcome = query.get('welcome') ? 'accounts.signin.welcome' : query.get('reset') ? 'accounts.signin.passwordSet' : null;
  const returnTo = next ?? '/manage';
  container.replaceChildren(...[
    h('h1', { tabindex: '-1' }, t('accounts.signin.title')),
    welcome ? h('div', { class: 'success', role: 'status' }, h('p', {}, t(welcome))) : null,
    h('p', {}, t('accounts.signin.intro')),
    form,
    h('p', {}, h('a', { href: '/account/forgot', 'data-link': true }, t('accounts.signin.forgot'))),
    config.oidc
      ? h('div', { class: 'account-alt' },
        h('p', {}, t('accounts.signin.or')),
        h('a', { class: 'button button-secondary', href: `/api/account/oidc/signin?returnUrl=${encodeURIComponent(returnTo)}` }, t('accounts.signin.oidc')))
      : null].filter(Boolean));
  return t('accounts.signin.title');
}
