// Form building blocks shared by the workspace pages: a labelled field with its hint and error, and the
// error summary an API error body becomes (the message at the top, each field's own problem beside it).

import { h } from '../dom.js';
import { t } from '../i18n.js';

let nextId = 0;

/**
 * A labelled control. options: { label, name, type ('text', 'email', 'password', 'textarea', 'select', …),
 * value, hint, required, autocomplete, options: [{ value, label }] for a select, attributes: {…} }.
 * Returns the wrapper; the control is wrapper.control.
 */
export function field({ label, name, type = 'text', value = '', hint, required, autocomplete, options, attributes = {} }) {
  const id = `f-${name}-${++nextId}`;
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  let control;
  const common = { id, name, required: required || null, 'aria-describedby': [hintId, errorId].filter(Boolean).join(' '), ...attributes };
  if (type === 'textarea') control = h('textarea', { rows: 4, ...common }, value ?? '');
  else if (type === 'select') {
    control = h('select', common, (options ?? []).map((o) => h('option', { value: o.value, selected: String(o.value) === String(value ?? '') || null }, o.label)));
  } else control = h('input', { type, value: value ?? '', autocomplete, ...common });
  const wrapper = h('div', { class: 'field', 'data-field': name },
    h('label', { for: id }, label),
    hint ? h('p', { id: hintId, class: 'hint' }, hint) : null,
    h('p', { id: errorId, class: 'field-error', hidden: true }),
    control);
  wrapper.control = control;
  return wrapper;
}

/** Removes the errors shown on a form. */
export function clearErrors(form) {
  form.querySelector('.error-summary')?.remove();
  for (const error of form.querySelectorAll('.field-error')) {
    error.hidden = true;
    error.textContent = '';
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
}

/**
 * Shows an API error body on a form: a summary at the top (focused, so a screen reader reads it) linking to
 * each field named by the error's target or details[].target, and each field's message beside it.
 */
export function showErrors(form, body, fallback = t('workspace.error')) {
  clearErrors(form);
  const error = body?.error ?? {};
  const problems = [...(error.details ?? [])];
  if (error.target && !problems.some((p) => p.target === error.target)) problems.push({ target: error.target, message: error.message });
  const items = [];
  for (const problem of problems) {
    const wrapper = form.querySelector(`[data-field="${CSS.escape(String(problem.target ?? ''))}"]`);
    if (!wrapper) continue;
    const message = wrapper.querySelector('.field-error');
    message.textContent = problem.message;
    message.hidden = false;
    wrapper.control?.setAttribute('aria-invalid', 'true');
    items.push(h('li', {}, h('a', { href: `#${wrapper.control?.id ?? ''}` }, problem.message)));
  }
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' },
    h('h2', {}, t('workspace.errorHeading')),
    h('p', {}, error.message ?? fallback),
    items.length ? h('ul', {}, items) : null);
  summary.addEventListener('click', (event) => {
    const link = event.target.closest('a[href^="#"]');
    if (!link) return;
    event.preventDefault();
    document.getElementById(link.getAttribute('href').slice(1))?.focus();
  });
  form.prepend(summary);
  summary.focus();
}
