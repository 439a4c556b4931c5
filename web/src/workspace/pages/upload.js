// /manage/upload: download → edit → upload. The upload only previews (a per-row diff, totals, errors per row);
// "Apply N changes" saves them all at once or nothing, and says which were published and which wait for approval.

import '../../styles/moderation.css';
import { h } from '../../dom.js';
import { t, addStrings } from '../../i18n.js';
import { send, errorMessage } from '../session.js';
import { field, showErrors, clearErrors } from '../forms.js';
import { beforeAfter } from '../moderation/values.js';
import en from '../i18n/moderation.en.json';
import cy from '../i18n/moderation.cy.json';

addStrings({ en, cy });

export async function render(container) {
  const status = h('div', { role: 'status', class: 'upload-status' });
  const file = field({
    label: t('moderation.upload.file'), name: 'file', type: 'file', hint: t('moderation.upload.fileHint'),
    attributes: { accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  });
  const form = h('form', { class: 'upload-form', novalidate: true },
    file,
    h('button', { type: 'submit' }, t('moderation.upload.check')));
  const results = h('div', { class: 'upload-results' });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    results.replaceChildren();
    const chosen = file.control.files?.[0];
    if (!chosen) {
      showErrors(form, { error: { message: t('moderation.upload.chooseFile'), target: 'file' } });
      return;
    }
    status.textContent = t('moderation.upload.reading');
    const body = new FormData();
    body.append('file', chosen, chosen.name);
    const answer = await send('POST', '/api/listings/uploads', body);
    status.textContent = '';
    if (!answer.ok) {
      showErrors(form, { error: { message: errorMessage(answer.body) ?? t('workspace.error'), target: 'file' } });
      return;
    }
    showPreview(results, answer.body, status, () => {
      form.reset();
      results.replaceChildren();
      file.control.focus();
    });
  });

  container.replaceChildren(
    h('h1', { tabindex: '-1' }, t('moderation.upload.title')),
    h('p', {}, t('moderation.upload.intro')),
    h('ol', { class: 'upload-steps' },
      h('li', {}, t('moderation.upload.step1'), ' ',
        h('a', { href: '/api/listings/export?format=xlsx', download: '' }, t('moderation.upload.downloadXlsx')), ' · ',
        h('a', { href: '/api/listings/export?format=csv', download: '' }, t('moderation.upload.downloadCsv'))),
      h('li', {}, t('moderation.upload.step2')),
      h('li', {}, t('moderation.upload.step3'))),
    form,
    status,
    results);
  return t('moderation.upload.title');
}

function showPreview(results, preview, status, again) {
  const { totals } = preview;
  const toApply = totals.changed + totals.new;
  const listed = preview.rows.filter((row) => row.status !== 'unchanged');
  const heading = h('h2', { tabindex: '-1' }, t('moderation.upload.previewTitle'));
  const parts = [
    heading,
    h('p', {}, t('moderation.upload.nothingSaved')),
    h('h3', {}, t('moderation.upload.totals')),
    h('dl', { class: 'upload-totals' },
      total('moderation.upload.totalRows', totals.rows),
      total('moderation.upload.totalChanged', totals.changed),
      total('moderation.upload.totalNew', totals.new),
      total('moderation.upload.totalUnchanged', totals.unchanged),
      total('moderation.upload.totalErrors', totals.errors),
      total('moderation.upload.totalNotInFile', totals.notInFile)),
  ];
  if (listed.length) parts.push(rowsTable(listed));
  else parts.push(h('p', {}, t('moderation.upload.allUnchanged')));
  if (preview.notInFile.length) {
    parts.push(h('h3', {}, t('moderation.upload.notInFileTitle')),
      h('p', {}, t('moderation.upload.notInFileText')),
      h('ul', {}, preview.notInFile.map((m) => h('li', {}, h('a', { href: `/interventions/${m.id}` }, m.name), ` (${m.id})`))));
  }
  if (totals.errors > 0 && toApply > 0) parts.push(h('p', { class: 'upload-warning' }, t('moderation.upload.errorsWarning')));
  const actions = h('div', { class: 'upload-actions' });
  const cancel = h('button', { type: 'button', class: 'button-secondary' }, t('moderation.upload.cancel'));
  cancel.addEventListener('click', async () => {
    await send('DELETE', `/api/listings/uploads/${preview.id}`);
    again();
    status.textContent = t('moderation.upload.cancelled');
  });
  if (toApply > 0) {
    const apply = h('button', { type: 'button' }, toApply === 1 ? t('moderation.upload.applyOne') : t('moderation.upload.apply', { count: toApply }));
    apply.addEventListener('click', async () => {
      apply.disabled = true;
      cancel.disabled = true;
      status.textContent = t('moderation.upload.applying');
      const answer = await send('POST', `/api/listings/uploads/${preview.id}/apply`, { skipErrors: totals.errors > 0 });
      status.textContent = '';
      if (!answer.ok) {
        apply.disabled = false;
        cancel.disabled = false;
        const box = h('div', {});
        actions.before(box);
        showErrors(box, answer.body);
        return;
      }
      showResult(results, answer.body, again);
    });
    actions.append(apply);
  }
  actions.append(cancel);
  parts.push(actions);
  results.replaceChildren(...parts);
  heading.focus();
}

function total(key, value) {
  return h('div', {}, h('dt', {}, t(key)), h('dd', {}, String(value)));
}

function rowsTable(rows) {
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('moderation.upload.tableCaption') },
    h('table', { class: 'upload-diff' },
      h('caption', {}, t('moderation.upload.tableCaption')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('moderation.upload.colRow')),
        h('th', { scope: 'col' }, t('moderation.upload.colListing')),
        h('th', { scope: 'col' }, t('moderation.upload.colStatus')),
        h('th', { scope: 'col' }, t('moderation.upload.colChanges')))),
      h('tbody', {}, rows.map((row) => h('tr', { class: `upload-row-${row.status}` },
        h('th', { scope: 'row' }, String(row.row)),
        h('td', {}, row.listingId ? h('a', { href: `/interventions/${row.listingId}` }, row.name ?? String(row.listingId)) : (row.name ?? '')),
        h('td', {}, h('span', { class: `upload-status-tag upload-status-${row.status}` }, t(`moderation.upload.status.${row.status}`))),
        h('td', {}, details(row)))))));
}

function details(row) {
  const items = [
    ...row.errors.map((e) => h('li', { class: 'upload-error' }, e.column ? h('strong', {}, `${e.column}: `) : null, e.message)),
    ...row.changes.map((c) => h('li', {}, h('strong', {}, `${c.column}: `), beforeAfter(c.before ?? t('moderation.empty'), c.after ?? t('moderation.empty')))),
    ...row.notes.map((n) => h('li', { class: 'upload-note' }, h('strong', {}, `${t('moderation.upload.note')}: `), n.message)),
  ];
  return items.length ? h('ul', { class: 'upload-details' }, items) : '';
}

function showResult(results, result, again) {
  const box = h('div', { class: 'success', role: 'status', tabindex: '-1' },
    h('p', {}, t('moderation.upload.applied', { applied: result.applied })),
    result.waiting > 0 ? h('p', {}, t('moderation.upload.waiting', { waiting: result.waiting }), ' ',
      h('a', { href: '/manage/problems', 'data-link': true }, t('workspace.nav.problems'))) : null);
  const another = h('button', { type: 'button', class: 'button-secondary' }, t('moderation.upload.again'));
  another.addEventListener('click', again);
  results.replaceChildren(box, h('p', {}, h('a', { href: '/manage/listings', 'data-link': true }, t('workspace.nav.listings'))), another);
  box.focus();
}
