// Shared by the upload, moderation and problem pages: how a field's value and a date are shown.

import { h } from '../../dom.js';
import { t, getLang } from '../../i18n.js';
import { formatDate } from '../../format.js';

/** A JSON value of a listing field as text: lists joined, yes/no, empty shown as "(empty)". */
export function shown(value) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return t('moderation.empty');
  if (Array.isArray(value)) return value.join('; ');
  if (value === true) return t('moderation.yes');
  if (value === false) return t('moderation.no');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A date and time in the page's language, local time: "30 Tachwedd 2026, 00:24". */
export function when(iso) {
  if (!iso) return '';
  const date = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}Z`);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${formatDate(day, getLang())}, ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** "before → after" for one field, the arrow hidden from screen readers, which hear "before … after …". */
export function beforeAfter(before, after) {
  return h('span', { class: 'change' },
    h('span', { class: 'visually-hidden' }, `${t('moderation.upload.before')}: `),
    h('del', {}, before),
    h('span', { 'aria-hidden': 'true' }, ' → '),
    h('span', { class: 'visually-hidden' }, `, ${t('moderation.upload.after')}: `),
    h('ins', {}, after));
}
