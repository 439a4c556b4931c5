// The editor's controls, one per field of the write model. Each returns the wrapper forms.js's showErrors
// finds by data-field (the API's `target`: the field's name in /odata/$metadata) and offers read(), the
// field's JSON value as the API takes it, and, where the value is not a plain input's, nothing else is needed.

import { h } from '../../dom.js';
import { t, getLang } from '../../i18n.js';
import { termsOf, label } from '../../vocab.js';
import { field } from '../forms.js';

let nextId = 0;
const uid = (name) => `c-${name}-${++nextId}`;

const text = (value) => {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
};

/** Text: null when empty. */
export function textField(name, labelText, value, { type = 'text', lang, hint, required, maxlength, autocomplete } = {}) {
  const wrapper = field({ label: labelText, name, type, value: value ?? '', hint, required,
    autocomplete, attributes: { lang: lang ?? null, maxlength: maxlength ?? null, spellcheck: lang ? 'true' : null } });
  wrapper.read = () => text(wrapper.control.value);
  return wrapper;
}

/** A whole number: null when empty; anything else but digits is sent as typed, so the API names the problem. */
export function numberField(name, labelText, value, { hint } = {}) {
  const wrapper = field({ label: labelText, name, value: value ?? '', hint, attributes: { inputmode: 'numeric' } });
  wrapper.read = () => {
    const typed = wrapper.control.value.trim();
    if (typed === '') return null;
    return /^-?\d+$/.test(typed) ? Number(typed) : typed;
  };
  return wrapper;
}

/** A decimal number (a venue's latitude or longitude). */
export function decimalField(name, labelText, value, { hint } = {}) {
  const wrapper = field({ label: labelText, name, value: value ?? '', hint, attributes: { inputmode: 'decimal' } });
  wrapper.read = () => {
    const typed = wrapper.control.value.trim();
    if (typed === '') return null;
    return /^-?\d+(\.\d+)?$/.test(typed) ? Number(typed) : typed;
  };
  return wrapper;
}

/** A date (yyyy-mm-dd) or null. */
export function dateField(name, labelText, value, { hint } = {}) {
  const wrapper = field({ label: labelText, name, type: 'date', value: value ?? '', hint });
  wrapper.read = () => wrapper.control.value || null;
  return wrapper;
}

/** One code of a vocabulary (or of the given options), or null for "not stated". */
export function choiceField(name, labelText, value, { vocabulary, options, hint, required } = {}) {
  const list = options ?? termsOf(vocabulary).map((term) => ({ value: term.Code, label: label(vocabulary, term.Code) }));
  const all = required ? list : [{ value: '', label: t('editor.notStated') }, ...list];
  const wrapper = field({ label: labelText, name, type: 'select', value: value ?? '', hint, required, options: all });
  wrapper.read = () => wrapper.control.value || null;
  return wrapper;
}

/** Yes, no or not known (true, false, null). */
export function yesNoField(name, labelText, value) {
  const wrapper = field({ label: labelText, name, type: 'select', value: value == null ? '' : String(value),
    options: [{ value: '', label: t('editor.notKnown') }, { value: 'true', label: t('editor.yes') }, { value: 'false', label: t('editor.no') }] });
  wrapper.read = () => (wrapper.control.value === '' ? null : wrapper.control.value === 'true');
  return wrapper;
}

/** A single checkbox (true or false). */
export function checkboxField(name, labelText, value, { hint } = {}) {
  const id = uid(name);
  const control = h('input', { type: 'checkbox', id, name, checked: value ? true : null, 'aria-describedby': `${id}-error${hint ? ` ${id}-hint` : ''}` });
  const wrapper = h('div', { class: 'field', 'data-field': name },
    h('p', { id: `${id}-error`, class: 'field-error', hidden: true }),
    h('div', { class: 'check' }, control, h('label', { for: id }, labelText)),
    hint ? h('p', { id: `${id}-hint`, class: 'hint' }, hint) : null);
  wrapper.control = control;
  wrapper.read = () => control.checked;
  return wrapper;
}

/** A group of checkboxes: the codes ticked, from a vocabulary or the given options ({ value, label, lang }). */
export function checkboxesField(name, legend, values, { vocabulary, options, hint } = {}) {
  const chosen = new Set(values ?? []);
  const list = options ?? termsOf(vocabulary).map((term) => ({ value: term.Code, label: label(vocabulary, term.Code) }));
  const id = uid(name);
  const boxes = list.map((option) => {
    const boxId = `${id}-${option.value}`;
    const box = h('input', { type: 'checkbox', id: boxId, name, value: option.value, checked: chosen.has(option.value) || null });
    return h('div', { class: 'check', 'data-value': option.value }, box, h('label', { for: boxId, lang: option.lang ?? null }, option.label));
  });
  const fieldset = h('fieldset', { 'aria-describedby': [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ') },
    h('legend', {}, legend),
    hint ? h('p', { id: `${id}-hint`, class: 'hint' }, hint) : null,
    h('p', { id: `${id}-error`, class: 'field-error', hidden: true }),
    h('div', { class: 'checks' }, boxes));
  const wrapper = h('div', { class: 'field field-group', 'data-field': name }, fieldset);
  wrapper.control = boxes[0]?.querySelector('input') ?? fieldset;
  wrapper.boxes = boxes;
  wrapper.read = () => boxes.map((b) => b.querySelector('input')).filter((b) => b.checked).map((b) => b.value);
  return wrapper;
}

/** The local authorities served: a filter box narrows the checkboxes shown; ticked ones stay ticked. */
export function areasField(name, values, areas) {
  const lang = getLang();
  const options = areas
    .filter((a) => a.Kind === 'local-authority')
    .map((a) => ({ value: a.Code, label: lang === 'cy' ? a.NameCy : a.NameEn, other: lang === 'cy' ? a.NameEn : a.NameCy }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  const wrapper = checkboxesField(name, t('editor.areas'), values, { options, hint: t('editor.areasHint') });
  const filterId = uid('area-filter');
  const filter = h('input', { type: 'search', id: filterId, autocomplete: 'off' });
  const shown = h('p', { class: 'hint', role: 'status' });
  filter.addEventListener('input', () => {
    const typed = filter.value.trim().toLocaleLowerCase(lang);
    let count = 0;
    wrapper.boxes.forEach((box, i) => {
      const match = !typed || options[i].label.toLocaleLowerCase(lang).includes(typed) || options[i].other.toLocaleLowerCase(lang).includes(typed);
      box.hidden = !match;
      if (match) count += 1;
    });
    shown.textContent = typed ? t('editor.areasShown', { count, total: options.length }) : '';
  });
  const legend = wrapper.querySelector('legend');
  legend.after(h('div', { class: 'area-filter' }, h('label', { for: filterId }, t('editor.areasFilter')), filter, shown));
  return wrapper;
}

/** English and Welsh side by side: two text controls, each labelled with its language, the Welsh one lang="cy". */
export function bilingual(name, labelText, listing, { type = 'text', required, maxlength } = {}) {
  const english = textField(name, t('editor.inEnglish', { field: labelText }), listing[name], { type, lang: 'en', required, maxlength });
  const welsh = textField(`${name}Cy`, t('editor.inWelsh', { field: labelText }), listing[`${name}Cy`], { type, lang: 'cy', maxlength });
  return { english, welsh, element: h('div', { class: 'bilingual' }, english, welsh) };
}
