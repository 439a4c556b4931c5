// /account/forgot: an e-mail address in, the same neutral answer out whether or not it has an account.

import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { send } from '../session.js';
import { field, showErrors, clearErrors } from '../forms.js';
import { busy, success } from '../accounts/common.js';

export async function render(container) {
  const email = field({ label: t('accounts.email'), name: 'email', type: 'email', required: true, autocomplete: 'username' });
  const form = h('form', { class: 'account-form', novalidate: true }, email, h('button', { type: 'submit' }, t('accounts.forgot.submit')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      clearErrors(form);
      const answer = await send('POST', '/api/account/password/forgot', { email: email.control.value.trim() });
      if (answer.ok) {
        form.replaceWith(success(t('accounts.forgot.sent'), { href: '/account/signin', text: t('accounts.forgot.back') }));
        return;
      }
      showErrors(form, answer.body);
    });
  });
  container.replaceChildren(
    h('h1', { tabindex: '-1' }, t('accounts.forgot.title')),
    h('p', {}, t('accounts.forgot.intro')),
    form,
    h('p', {}, h('a', { href: '/account/signin', 'data-link': true }, t('accounts.forgot.back'))));
  return t('accounts.forgot.title');
}
