// "Report a problem with this listing" on an intervention's page: anonymous, nothing about the sender
// is kept but an e-mail address they choose to give for a reply.

import { h } from './dom.js';
import { t } from './i18n.js';
import { postJson } from './api.js';

const CATEGORIES = ['closed', 'wrong-contact', 'wrong-area', 'other'];
const MAX_DETAILS = 2000;

/** The disclosure with its form, for the listing with this PublicId. */
export function reportProblem(publicId) {
  const status = h('p', { role: 'status', class: 'problem-status' });
  const details = h('textarea', { id: 'problem-details', name: 'details', rows: 4, maxlength: MAX_DETAILS, 'aria-describedby': 'problem-details-hint' });
  const email = h('input', { id: 'problem-email', name: 'contactEmail', type: 'email', autocomplete: 'email', 'aria-describedby': 'problem-email-hint' });
  const submit = h('button', { type: 'submit' }, t('problem.send'));
  const form = h('form', { class: 'problem-form', novalidate: true },
    h('fieldset', {},
      h('legend', {}, t('problem.category')),
      CATEGORIES.map((code) => h('div', { class: 'check' },
        h('input', { type: 'radio', name: 'category', id: `problem-${code}`, value: code, required: true }),
        h('label', { for: `problem-${code}` }, t(`problem.${code}`))))),
    h('label', { for: 'problem-details' }, t('problem.details')),
    h('p', { class: 'hint', id: 'problem-details-hint' }, t('problem.detailsHint')),
    details,
    h('label', { for: 'problem-email' }, t('problem.email')),
    h('p', { class: 'hint', id: 'problem-email-hint' }, t('problem.emailHint')),
    email,
    h('p', {}, submit),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const category = form.querySelector('input[name=category]:checked')?.value;
    if (!category) {
      status.textContent = t('problem.chooseCategory');
      return;
    }
    submit.disabled = true;
    status.textContent = t('problem.sending');
    try {
      const { ok, status: code, body } = await postJson(`/api/listings/${encodeURIComponent(publicId)}/problems`, {
        category, details: details.value, contactEmail: email.value,
      });
      if (ok) {
        form.reset();
        status.textContent = t('problem.sent');
      } else if (code === 429) {
        status.textContent = t('problem.tooMany');
      } else {
        const known = { DetailsRequired: 'problem.detailsRequired', BadContactEmail: 'problem.badEmail' }[body?.error?.code];
        status.textContent = t(known ?? 'problem.failed');
      }
    } catch {
      status.textContent = t('problem.failed');
    }
    submit.disabled = false;
  });
  return h('details', { class: 'detail-section problem no-print' },
    h('summary', {}, t('problem.title')),
    form);
}
