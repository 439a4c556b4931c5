// /account/invitation#code=…: the invited person chooses a name and a password, and is then signed in
// with them at once (or sent to the sign-in page, told that the account is ready).

import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { send, forget } from '../session.js';
import { field, showErrors, clearErrors } from '../forms.js';
import { homeOf } from '../index.js';
import { busy, linkCode, mismatch, newPasswordFields } from '../accounts/common.js';

function invalid(text) {
  return h('div', { class: 'error-summary', role: 'alert' }, h('p', {}, text));
}

export async function render(container, { navigate }) {
  const code = linkCode();
  const title = h('h1', { tabindex: '-1' }, t('accounts.invitation.title'));
  if (!code) {
    container.replaceChildren(title, invalid(t('accounts.noCode')));
    return t('accounts.invitation.title');
  }
  const name = field({ label: t('accounts.invitation.name'), name: 'name', required: true, autocomplete: 'name' });
  const pair = newPasswordFields();
  const form = h('form', { class: 'account-form', novalidate: true }, name, ...pair.fields,
    h('button', { type: 'submit' }, t('accounts.invitation.submit')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      clearErrors(form);
      const different = mismatch(pair);
      if (different) {
        showErrors(form, different);
        return;
      }
      const password = pair.password.control.value;
      const answer = await send('POST', '/api/account/invitations/accept', { code, name: name.control.value.trim(), password });
      if (answer.ok) {
        const signedIn = await send('POST', '/api/account/signin', { email: answer.body.email, password });
        forget();
        navigate(signedIn.ok ? homeOf(signedIn.body) : '/account/signin?welcome=1');
        return;
      }
      if (answer.body?.error?.code === 'InvalidLink') {
        form.replaceWith(invalid(t('accounts.invitation.invalid')));
        return;
      }
      showErrors(form, answer.body);
    });
  });
  container.replaceChildren(title, h('p', {}, t('accounts.invitation.intro')), form);
  return t('accounts.invitation.title');
}
