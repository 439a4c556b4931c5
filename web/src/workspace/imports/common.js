// Shared pieces of the survey imports pages (/analysis/imports): strings and styles, outcome names, problems in
// plain words (the importer's code looked up in the dictionary; its own message when the code is unknown), times,
// shortened file hashes and the progress bar of a running upload.

import '../../styles/imports.css';
import { h } from '../../dom.js';
import { t, addStrings, getLang } from '../../i18n.js';
import { formatDate } from '../../format.js';
import en from '../i18n/imports.en.json';
import cy from '../i18n/imports.cy.json';

addStrings({ en, cy });

/** The report's filters: the staged rows' outcomes, and "partial" (kept, but with warnings). */
export const FILTERS = ['rejected', 'partial', 'duplicate', 'not-for-publication', 'needs-area'];

/** A staged row's outcome in words. */
export function outcomeLabel(outcome) {
  const key = `imports.outcome.${outcome}`;
  const text = t(key);
  return text === key ? outcome : text;
}

/** A kept row with warnings is "partial"; every other row is its outcome. */
export function isPartial(row) {
  return row.outcome !== 'rejected' && (row.problems ?? []).length > 0;
}

/** One problem in the page's language: the dictionary's words for its code, else the importer's own message. */
export function problemText(problem) {
  if (problem.code) {
    const key = `imports.problem.${problem.code}`;
    const text = t(key, { column: problem.column ?? '', value: problem.value ?? '' });
    if (text !== key) return text;
  }
  return problem.message;
}

/** The problems of one row, as a list: the column, the plain words and the answer as written. */
export function problemList(problems) {
  if (!problems?.length) return '';
  return h('ul', { class: 'imports-problems' }, problems.map((p) => h('li', { class: p.severity === 'Warning' ? 'imports-warning' : 'imports-error' },
    h('span', { class: 'imports-severity' }, p.severity === 'Warning' ? t('imports.warning') : t('imports.error')), ' ',
    p.column && p.column !== '(whole row)' ? h('strong', {}, `${p.column}: `) : null,
    problemText(p),
    p.value ? h('span', { class: 'imports-as-written' }, ' ', t('imports.asWritten'), ' ', h('q', {}, p.value)) : null)));
}

/** '2026-11-30T03:04:05…' → '30 November 2026, 03:04 UTC' (the server keeps UTC). */
export function when(iso) {
  if (!iso) return '';
  return t('imports.when', { date: formatDate(iso, getLang()), time: iso.slice(11, 16) });
}

/** The file's SHA-256 shortened, the whole of it in the title and a button that copies it. */
export function hashCell(hash, announce) {
  if (!hash) return '';
  const copy = h('button', { type: 'button', class: 'button-secondary imports-copy', 'aria-label': t('imports.copyHashOf', { hash: hash.slice(0, 12) }) }, t('imports.copy'));
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(hash);
      announce(t('imports.copied'));
    } catch {
      announce(t('imports.copyFailed', { hash }));
    }
  });
  return h('span', { class: 'imports-hash' }, h('code', { title: hash }, `${hash.slice(0, 12)}…`), ' ', copy);
}

/** The progress bar of an upload (role=progressbar); bar.set(percent) moves it. */
export function progressBar() {
  const fill = h('div', { class: 'imports-progress-fill' });
  const bar = h('div', {
    class: 'imports-progress', role: 'progressbar', 'aria-label': t('imports.progress'),
    'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0', hidden: true,
  }, fill);
  bar.set = (percent, text) => {
    const value = Math.max(0, Math.min(100, Math.round(percent)));
    fill.style.width = `${value}%`;
    bar.setAttribute('aria-valuenow', String(value));
    bar.setAttribute('aria-valuetext', text ?? `${value}%`);
  };
  return bar;
}

/** A label and a number for a summary's <dl>. */
export function total(label, value) {
  return h('div', {}, h('dt', {}, label), h('dd', {}, String(value ?? 0)));
}

/** The message of any answer the imports API gives when it refuses: the error body, a report's error or a problem. */
export function refusal(body) {
  if (typeof body?.error === 'string') return body.error;
  return body?.error?.message ?? body?.detail ?? body?.title ?? t('workspace.error');
}

/** A random token naming an upload's progress (GET /api/imports/progress/{token}). */
export function progressToken() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
