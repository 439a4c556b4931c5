// /still-accurate#TOKEN: the page a reminder's "still accurate" link opens. Opening it changes nothing;
// the button posts the token, which marks the listing verified today (once per link).

import { h } from './dom.js';
import { t, getLang } from './i18n.js';
import { formatDate, pick } from './format.js';
import { postJson } from './api.js';

/** @returns {string} the page title */
export function renderStillAccurate(container, { token }) {
  const status = h('p', { role: 'status', class: 'verify-status' });
  const button = h('button', { type: 'button' }, t('verify.confirm'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = t('verify.sending');
    try {
      const { ok, status: code, body } = await postJson('/api/listings/still-accurate', { token });
      if (ok) {
        const lang = getLang();
        status.textContent = t('verify.done', { name: pick(lang, body.name, body.nameCy), date: formatDate(body.lastVerified, lang) });
        button.remove();
        return;
      }
      status.textContent = t(code === 409 ? 'verify.used' : 'verify.invalid');
    } catch {
      status.textContent = t('error.load');
    }
    button.disabled = false;
  });
  if (!token) status.textContent = t('verify.invalid');
  container.replaceChildren(
    h('h1', { tabindex: '-1' }, t('verify.title')),
    h('p', {}, t('verify.intro')),
    token ? button : null,
    status);
  return t('verify.title');
}
