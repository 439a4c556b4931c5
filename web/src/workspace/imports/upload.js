// The upload on /analysis/imports: choose an export, check it (a dry run that stores nothing) with a progress bar,
// read its report, then stage it for review. The report's rows can be filtered to each kind of problem row.

import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { send, get } from '../session.js';
import { field, showErrors, clearErrors } from '../forms.js';
import { FILTERS, outcomeLabel, isPartial, problemList, progressBar, total, refusal, progressToken } from './common.js';

/**
 * The upload form and the place its report appears. options: { navigate, announce(text), choices() → what the
 * round and profile controls add to the upload ({ params: query parameters, fields: multipart fields }), extras:
 * those controls, shown in the form }.
 */
export function uploadSection({ navigate, announce, choices = () => ({ params: {}, fields: {} }), extras = [] }) {
  const file = field({
    label: t('imports.upload.file'), name: 'file', type: 'file', hint: t('imports.upload.fileHint'),
    attributes: { accept: '.csv,text/csv' },
  });
  const bar = progressBar();
  const results = h('div', { class: 'imports-results' });
  const check = h('button', { type: 'submit' }, t('imports.upload.check'));
  const form = h('form', { class: 'imports-upload', novalidate: true }, file, ...extras, h('div', { class: 'imports-actions' }, check));

  const run = async (dryRun) => {
    clearErrors(form);
    const chosen = file.control.files?.[0];
    if (!chosen) {
      showErrors(form, { error: { message: t('imports.upload.chooseFile'), target: 'file' } });
      return null;
    }
    const { params, fields } = choices();
    const token = progressToken();
    const query = new URLSearchParams({ progress: token, ...params });
    if (dryRun) query.set('dryRun', 'true');
    const body = new FormData();
    body.append('file', chosen, chosen.name);
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    bar.hidden = false;
    bar.set(0, t('imports.upload.starting'));
    announce(dryRun ? t('imports.upload.checking', { file: chosen.name }) : t('imports.upload.staging', { file: chosen.name }));
    let polling = true;
    const poll = async () => {
      while (polling) {
        await new Promise((resolve) => { setTimeout(resolve, 300); });
        if (!polling) break;
        const progress = await get(`/api/imports/progress/${token}`);
        if (polling && progress.ok && progress.body.fileSize > 0) {
          bar.set((100 * progress.body.bytesRead) / progress.body.fileSize, t('imports.upload.rowsSoFar', { rows: progress.body.rows }));
        }
      }
    };
    const polled = poll();
    const answer = await send('POST', `/api/imports?${query}`, body);
    polling = false;
    await polled;
    bar.set(100, t('imports.upload.done'));
    bar.hidden = true;
    if (!answer.ok && !answer.body?.fileName) {
      announce('');
      showErrors(form, { error: { message: refusal(answer.body), target: 'file' } });
      return null;
    }
    return answer.body;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    check.disabled = true;
    results.replaceChildren();
    const report = await run(true);
    check.disabled = false;
    if (!report) return;
    showReport(results, report, { announce, stage: report.error ? null : async (button) => {
      button.disabled = true;
      const staged = await run(false);
      button.disabled = false;
      if (!staged) return;
      if (staged.importId) {
        navigate(staged.alreadyImported ? `/analysis/imports/${staged.importId}?already=1` : `/analysis/imports/${staged.importId}?staged=1`);
      } else showReport(results, staged, { announce });
    } });
  });

  return h('section', { class: 'imports-upload-section', 'aria-labelledby': 'imports-upload-title' },
    h('h2', { id: 'imports-upload-title' }, t('imports.upload.title')),
    h('p', {}, t('imports.upload.intro')),
    form, bar, results);
}

/** The report of a dry run (or a refused file): what the importer chose, its counts and the rows worth a look. */
function showReport(results, report, { announce, stage }) {
  const heading = h('h3', { tabindex: '-1' }, report.error ? t('imports.report.refused') : report.dryRun ? t('imports.report.dryRun') : t('imports.report.title'));
  const parts = [heading];
  if (report.error) {
    parts.push(h('div', { class: 'error-summary' }, h('p', {}, report.error)));
  } else {
    parts.push(h('p', {}, report.dryRun ? t('imports.report.nothingStored') : ''));
    parts.push(h('dl', { class: 'imports-facts' },
      h('div', {}, h('dt', {}, t('imports.fact.profile')), h('dd', {}, report.profile ?? '', report.profileChosen ? ` (${t('imports.report.profileChosen')})` : '')),
      h('div', {}, h('dt', {}, t('imports.fact.encoding')), h('dd', {}, report.encoding ?? ''))));
    parts.push(h('dl', { class: 'imports-totals' },
      total(t('imports.count.rowsRead'), report.rowsRead),
      total(t('imports.count.accepted'), report.accepted),
      total(t('imports.count.notForPublication'), report.notForPublication),
      total(t('imports.count.rejected'), report.rejected),
      total(t('imports.count.duplicates'), report.duplicates),
      report.needsArea !== undefined ? total(t('imports.count.needsArea'), report.needsArea) : null,
      total(t('imports.count.blankRows'), report.blankRows),
      total(t('imports.count.matchedExisting'), report.matchedExisting)));
    parts.push(reportRows(report));
    if (stage) {
      const button = h('button', { type: 'button' }, t('imports.report.stage'));
      button.addEventListener('click', () => stage(button));
      parts.push(h('p', {}, t('imports.report.stageHint')), h('div', { class: 'imports-actions' }, button));
    }
  }
  results.replaceChildren(...parts);
  announce(report.error ? t('imports.report.refused') : t('imports.report.ready', { rows: report.rowsRead }));
  heading.focus();
}

/** The report's rows worth a look, with a filter (client side: the dry run stored nothing to ask for). */
function reportRows(report) {
  const choice = field({
    label: t('imports.filter.label'), name: 'report-filter', type: 'select', value: '',
    options: [{ value: '', label: t('imports.filter.all') }, ...FILTERS.map((f) => ({ value: f, label: t(`imports.filter.${f}`) }))],
  });
  const count = h('p', { role: 'status', class: 'imports-count' });
  const body = h('tbody', {});
  const draw = () => {
    const filter = choice.control.value;
    const rows = report.rows.filter((r) => !filter || (filter === 'partial' ? isPartial(r) : r.outcome === filter));
    body.replaceChildren(...rows.map((r) => h('tr', {},
      h('th', { scope: 'row' }, String(r.row)),
      h('td', {}, h('span', { class: 'imports-outcome' }, outcomeLabel(r.outcome)), r.duplicateOfRow ? h('span', { class: 'imports-note' }, ` ${t('imports.repeatsRow', { row: r.duplicateOfRow })}`) : null),
      h('td', {}, r.intervention ?? '', r.organisation ? h('span', { class: 'imports-note' }, ` (${r.organisation})`) : null),
      h('td', {}, problemList(r.problems)))));
    count.textContent = t('imports.filter.showing', { shown: rows.length, total: report.rows.length });
  };
  choice.control.addEventListener('change', draw);
  draw();
  return h('div', {},
    h('h4', {}, t('imports.report.rowsTitle')),
    report.rowsOmitted ? h('p', {}, t('imports.report.omitted', { count: report.rowsOmitted })) : null,
    choice, count,
    h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('imports.report.rowsTitle') },
      h('table', { class: 'imports-table' },
        h('caption', {}, t('imports.report.rowsTitle')),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('imports.col.row')),
          h('th', { scope: 'col' }, t('imports.col.outcome')),
          h('th', { scope: 'col' }, t('imports.col.intervention')),
          h('th', { scope: 'col' }, t('imports.col.problems')))),
        body)));
}
