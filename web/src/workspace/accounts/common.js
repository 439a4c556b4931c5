// What the account pages share: their strings and styles, the secret a mailed link carries in its fragment,
// the "next" address after signing in, the two new-password fields and a form's busy state.

import '../../styles/accounts.css';
import { h } from '../../dom.js';
import { t, addStrings } from '../../i18n.js';
import { replaceEntry } from '../../quickexit.js';
import { field } from '../forms.js';
import en from '../i18n/accounts.en.json';
import cy from '../i18n/accounts.cy.json';

addStrings({ en, cy });

const codes = new Map();

/**
 * The code of a mailed link (/account/reset#code=…): read once from the fragment, kept only in memory, and
 * taken out of the address bar at once, so it is neither in the history nor shown over someone's shoulder.
 */
export function linkCode() {
  const match = /^#code=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (match) codes.set(location.pathname, match[1]);
  if (location.hash) replaceEntry(location.pathname + location.search);
  return codes.get(location.pathname) ?? null;
}

/** The page to go to after signing in, when the query names one on this site (a path, never //host). */
export function nextPath(query) {
  const next = query.get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : null;
}

/** A new password typed twice, with the rules as a hint. */
export function newPasswordFields(name = 'password') {
  const password = field({
    label: t('accounts.newPassword'), name, type: 'password', required: true, autocomplete: 'new-password', hint: t('accounts.passwordHint'),
  });
  const confirm = field({ label: t('accounts.confirmPassword'), name: 'confirm', type: 'password', required: true, autocomplete: 'new-password' });
  return { password, confirm, fields: [password, confirm] };
}

/** The error body for two new passwords that differ, or null when they match. */
export function mismatch(pair) {
  return pair.password.control.value === pair.confirm.control.value ? null
    : { error: { message: t('accounts.mismatch'), target: 'confirm', details: [{ target: 'confirm', message: t('accounts.mismatchField') }] } };
}

/** Disables a form's buttons while fn runs (no double submissions). */
export async function busy(form, fn) {
  const buttons = [...form.querySelectorAll('button')];
  for (const button of buttons) button.disabled = true;
  try {
    return await fn();
  } finally {
    for (const button of buttons) button.disabled = false;
  }
}

/** A status line a screen reader announces. */
export const statusLine = (className = 'account-status') => h('p', { role: 'status', class: className });

/** A success panel with an optional link inside the app. */
export function success(text, link) {
  return h('div', { class: 'success', role: 'status' },
    h('p', {}, text),
    link ? h('p', {}, h('a', { href: link.href, 'data-link': true }, link.text)) : null);
}
