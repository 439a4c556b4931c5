// /account/reset#code=…: the link mailed by "forgot your password" (and printed by `admin create`). The new
// password is typed twice; a used or expired link says so and offers a new one.

import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { send } from '../session.js';
import { showErrors, clearErrors } from '../forms.js';
import { busy, linkCode, mismatch, newPasswordFields, success } from '../accounts/common.js';

function invalid(text) {
  return h('div', { class: 'error-summary', role: 'alert' },
    h('p', {}, text),
    h('p', {}, h('a', { href: '/account/forgot', 'data-link': true }, t('accounts.reset.again'))));
}

export async function render(container) {
  const code = linkCode();
  const title = h('h1', { tabindex: '-1' }, t('accounts.reset.title'));
  if (!code) {
    container.replaceChildren(title, invalid(t('accounts.noCode')));
    return t('accounts.reset.title');
  }
  const pair = newPasswordFields();
  const form = h('form', { class: 'account-form', novalidate: true }, ...pair.fields, h('button', { type: 'submit' }, t('accounts.reset.submit')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      clearErrors(form);
      const different = mismatch(pair);
      if (different) {
        showErrors(form, different);
        return;
      }
      const answer = await send('POST', '/api/account/password/reset', { code, password: pair.password.control.value });
      if (answer.ok) {
        form.replaceWith(success(t('accounts.reset.done'), { href: '/account/signin?reset=1', text: t('accounts.reset.signIn') }));
        return;
      }
      if (answer.body?.error?.code === 'InvalidLink') {
        form.replaceWith(invalid(t('accounts.reset.invalid')));
        return;
      }
      showErrors(form, answer.body);
    });
  });
  container.replaceChildren(title, form);
  return t('accounts.reset.title');
}
