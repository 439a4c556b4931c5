// Publishing an import (administrators only; the API refuses everyone else): a preview first (what will be created,
// updated, skipped as older than the listing, skipped for other reasons and held back), a tick per conflict to
// overwrite the newer listing anyway, then the publish itself, whose result links to each changed listing.
// Also the erasure of an import's staged rows (the respondents' personal data).

import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { send } from '../session.js';
import { showErrors } from '../forms.js';
import { total, when, refusal } from './common.js';

const listingLink = (id) => h('a', { href: `/manage/listings/${id}`, 'data-link': true }, t('imports.publish.listing', { id }));

/** The publish section of an import's page. */
export function publishSection(importRecord, { announce }) {
  const area = h('div', { class: 'imports-publish-area' });
  const previewButton = h('button', { type: 'button' }, t('imports.publish.preview'));
  previewButton.addEventListener('click', async () => {
    previewButton.disabled = true;
    announce(t('imports.publish.previewing'));
    const answer = await send('POST', `/api/imports/${importRecord.id}/publish?preview=true`);
    previewButton.disabled = false;
    if (!answer.ok) {
      showErrors(area, { error: { message: refusal(answer.body) } });
      return;
    }
    showPreview(area, importRecord, answer.body, announce);
  });
  return h('section', { class: 'imports-publish', 'aria-labelledby': 'imports-publish-title' },
    h('h2', { id: 'imports-publish-title' }, t('imports.publish.title')),
    h('p', {}, t('imports.publish.intro')),
    h('div', { class: 'imports-actions' }, previewButton),
    area);
}

function rowsList(items, line) {
  return items.length ? h('ul', { class: 'imports-list' }, items.map((item) => h('li', {}, line(item)))) : h('p', {}, t('imports.publish.none'));
}

function showPreview(area, importRecord, preview, announce) {
  const created = preview.published.filter((p) => p.created);
  const updated = preview.published.filter((p) => !p.created);
  const conflicts = preview.conflicts ?? [];
  const heldBack = preview.heldBack ?? [];
  const heading = h('h3', { tabindex: '-1' }, t('imports.publish.previewTitle'));
  const ticks = conflicts.map((c) => h('input', { type: 'checkbox', id: `overwrite-${c.responseId}`, value: String(c.responseId) }));
  const parts = [
    heading,
    h('p', {}, t('imports.publish.nothingYet')),
    h('dl', { class: 'imports-totals' },
      total(t('imports.publish.willCreate'), created.length),
      total(t('imports.publish.willUpdate'), updated.length),
      total(t('imports.publish.older'), conflicts.length),
      total(t('imports.publish.heldBack'), heldBack.length),
      total(t('imports.publish.skipped'), preview.skipped.length)),
    h('h4', {}, t('imports.publish.willUpdate')),
    rowsList(updated, (p) => [t('imports.publish.row', { row: p.row }), ' → ', listingLink(p.interventionId)]),
    h('h4', {}, t('imports.publish.older')),
  ];
  if (conflicts.length) {
    parts.push(h('p', {}, t('imports.publish.olderIntro')),
      h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('imports.publish.older') },
        h('table', { class: 'imports-table' },
          h('caption', {}, t('imports.publish.older')),
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, t('imports.col.row')),
            h('th', { scope: 'col' }, t('imports.publish.colListing')),
            h('th', { scope: 'col' }, t('imports.publish.colListingDate')),
            h('th', { scope: 'col' }, t('imports.publish.colResponseDate')),
            h('th', { scope: 'col' }, t('imports.publish.colOverwrite')))),
          h('tbody', {}, conflicts.map((c, i) => h('tr', {},
            h('th', { scope: 'row' }, String(c.row)),
            h('td', {}, h('a', { href: `/manage/listings/${c.interventionId}`, 'data-link': true }, c.name ?? String(c.interventionId))),
            h('td', {}, when(c.listingEvidenceAt)),
            h('td', {}, when(c.responseCompletedAt)),
            h('td', {}, ticks[i], h('label', { for: ticks[i].id }, t('imports.publish.overwrite', { row: c.row })))))))));
  } else parts.push(h('p', {}, t('imports.publish.none')));
  parts.push(
    h('h4', {}, t('imports.publish.heldBack')),
    rowsList(heldBack, (p) => [t('imports.publish.row', { row: p.row }), ': ', p.reason === 'needs-area' ? t('imports.publish.needsArea') : p.reason]),
    h('h4', {}, t('imports.publish.skipped')),
    rowsList(preview.skipped, (p) => [p.row ? t('imports.publish.row', { row: p.row }) : '', p.row ? ': ' : '', p.reason]));
  const go = h('button', { type: 'button' }, t('imports.publish.confirm', { count: preview.published.length }));
  go.addEventListener('click', async () => {
    go.disabled = true;
    const overwriteNewer = ticks.filter((tick) => tick.checked).map((tick) => Number(tick.value));
    announce(t('imports.publish.publishing'));
    const answer = await send('POST', `/api/imports/${importRecord.id}/publish`, overwriteNewer.length ? { overwriteNewer } : undefined);
    go.disabled = false;
    if (!answer.ok) {
      showErrors(area, { error: { message: refusal(answer.body) } });
      return;
    }
    showResult(area, answer.body, announce);
  });
  parts.push(h('div', { class: 'imports-actions' }, go));
  area.replaceChildren(...parts);
  announce(t('imports.publish.previewReady'));
  heading.focus();
}

function showResult(area, result, announce) {
  const heading = h('h3', { tabindex: '-1' }, t('imports.publish.doneTitle'));
  area.replaceChildren(
    heading,
    h('div', { class: 'success' }, h('p', {}, t('imports.publish.done', { created: result.created, updated: result.updated }))),
    h('dl', { class: 'imports-totals' },
      total(t('imports.publish.created'), result.created),
      total(t('imports.publish.updated'), result.updated),
      total(t('imports.publish.older'), (result.conflicts ?? []).length),
      total(t('imports.publish.heldBack'), (result.heldBack ?? []).length),
      total(t('imports.publish.skipped'), result.skipped.length)),
    h('h4', {}, t('imports.publish.changed')),
    rowsList(result.published, (p) => [t('imports.publish.row', { row: p.row }), ' → ', listingLink(p.interventionId),
      ' ', p.created ? t('imports.publish.new') : t('imports.publish.changedOne')]));
  announce(t('imports.publish.done', { created: result.created, updated: result.updated }));
  heading.focus();
}

/** The erase section (administrators): erases the import's staged rows after a second, explicit confirmation. */
export function eraseSection(importRecord, { navigate }) {
  const area = h('div', {});
  const start = h('button', { type: 'button', class: 'button-secondary' }, t('imports.erase.button'));
  start.addEventListener('click', () => {
    const confirm = h('button', { type: 'button', class: 'imports-danger' }, t('imports.erase.confirm', { id: importRecord.id }));
    const cancel = h('button', { type: 'button', class: 'button-secondary' }, t('imports.erase.cancel'));
    cancel.addEventListener('click', () => {
      area.replaceChildren();
      start.hidden = false;
      start.focus();
    });
    const erase = async (button, force) => {
      button.disabled = true;
      const answer = await send('DELETE', `/api/imports/${importRecord.id}${force ? '?force=true' : ''}`);
      button.disabled = false;
      if (answer.ok) {
        navigate(`/analysis/imports?erased=${importRecord.id}`);
        return;
      }
      showErrors(area, { error: { message: refusal(answer.body) } });
      if (answer.status === 409 && !force) {
        // Accepted rows still wait to be published: erasing now loses them, so it takes a second, explicit choice.
        const anyway = h('button', { type: 'button', class: 'imports-danger' }, t('imports.erase.force'));
        anyway.addEventListener('click', () => erase(anyway, true));
        confirm.replaceWith(anyway);
      }
    };
    confirm.addEventListener('click', () => erase(confirm, false));
    start.hidden = true;
    area.replaceChildren(h('p', { class: 'imports-warning-box' }, t('imports.erase.warning')), h('div', { class: 'imports-actions' }, confirm, cancel));
    confirm.focus();
  });
  return h('section', { class: 'imports-erase', 'aria-labelledby': 'imports-erase-title' },
    h('h2', { id: 'imports-erase-title' }, t('imports.erase.title')),
    h('p', {}, t('imports.erase.intro')),
    start, area);
}
