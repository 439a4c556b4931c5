// The upload on /analysis/imports: choose an export, check it (a dry run that stores nothing) with a progress bar,
// read its report, then stage it for review. The report's rows can be filtered to each kind of problem row.

import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { send, get } from '../session.js';
import { field, showErrors, clearErrors } from '../forms.js';
import { FILTERS, outcomeLabel, isPartial, problemList, progressBar, total, refusal, progressToken } from './common.js';
import { suggestFor, suggestionPanel } from './suggest.js';

/**
 * The rounds an import may belong to (GET /api/rounds), newest first, with the one open today chosen; null when the
 * server has none to offer. With no round (or several) open today the reader must choose.
 */
async function roundChoice() {
  const answer = await get('/api/rounds');
  if (!answer.ok || !Array.isArray(answer.body) || !answer.body.length) return null;
  const today = new Date().toISOString().slice(0, 10);
  const rounds = [...answer.body].sort((a, b) => String(b.opensOn ?? '').localeCompare(String(a.opensOn ?? '')));
  const open = rounds.filter((r) => r.opensOn && r.opensOn <= today && (!r.closesOn || r.closesOn >= today));
  const options = rounds.map((r) => ({ value: String(r.id), label: open.includes(r) ? t('imports.upload.roundOpenToday', { round: r.name }) : r.name }));
  return field({
    label: t('imports.upload.round'), name: 'round', type: 'select', hint: t('imports.upload.roundHint'),
    value: open.length === 1 ? String(open[0].id) : '',
    options: open.length === 1 ? options : [{ value: '', label: t('imports.upload.roundChoose') }, ...options],
  });
}

/** The upload form and the place its report appears. options: { navigate, announce(text) }. */
export function uploadSection({ navigate, announce }) {
  const file = field({
    label: t('imports.upload.file'), name: 'file', type: 'file', hint: t('imports.upload.fileHint'),
    attributes: { accept: '.csv,text/csv' },
  });
  const profileFile = field({
    label: t('imports.upload.profileFile'), name: 'profileJson', type: 'file', hint: t('imports.upload.profileFileHint'),
    attributes: { accept: '.json,application/json' },
  });
  const rounds = h('div', {});
  let round = null;
  roundChoice().then((choice) => {
    round = choice;
    if (choice) rounds.replaceChildren(choice);
  });
  // A suggested draft chosen with "use this draft": sent as profileJson until the officer stops using it.
  let draft = null;
  const draftNote = h('div', { class: 'imports-draft', hidden: true });
  const useDraft = (text) => {
    draft = text;
    const stop = h('button', { type: 'button', class: 'button-secondary' }, t('imports.suggest.stop'));
    stop.addEventListener('click', () => {
      draft = null;
      draftNote.hidden = true;
      announce(t('imports.suggest.stopped'));
    });
    draftNote.replaceChildren(h('p', {}, t('imports.suggest.using')), stop);
    draftNote.hidden = false;
  };
  const bar = progressBar();
  const results = h('div', { class: 'imports-results' });
  const check = h('button', { type: 'submit' }, t('imports.upload.check'));
  const suggest = h('button', { type: 'button', class: 'button-secondary' }, t('imports.suggest.button'));
  const form = h('form', { class: 'imports-upload', novalidate: true },
    file, rounds, profileFile, draftNote, h('div', { class: 'imports-actions' }, check, suggest));

  const showSuggestion = async (chosen, into) => {
    announce(t('imports.suggest.asking'));
    const answer = await suggestFor(chosen);
    const panel = suggestionPanel(answer, chosen.name, {
      onUse: (text) => {
        useDraft(text);
        form.requestSubmit();
      },
    });
    into.append(panel);
    announce(answer.ok ? t('imports.suggest.ready') : t('imports.suggest.failed'));
    panel.querySelector('h3')?.focus();
  };

  suggest.addEventListener('click', async () => {
    clearErrors(form);
    const chosen = file.control.files?.[0];
    if (!chosen) {
      showErrors(form, { error: { message: t('imports.upload.chooseFile'), target: 'file' } });
      return;
    }
    suggest.disabled = true;
    results.replaceChildren();
    await showSuggestion(chosen, results);
    suggest.disabled = false;
  });

  const run = async (dryRun) => {
    clearErrors(form);
    const chosen = file.control.files?.[0];
    if (!chosen) {
      showErrors(form, { error: { message: t('imports.upload.chooseFile'), target: 'file' } });
      return null;
    }
    const token = progressToken();
    const query = new URLSearchParams({ progress: token });
    if (dryRun) query.set('dryRun', 'true');
    if (round?.control.value) query.set('round', round.control.value);
    const body = new FormData();
    body.append('file', chosen, chosen.name);
    const edited = profileFile.control.files?.[0];
    if (edited) body.append('profileJson', await edited.text());
    else if (draft) body.append('profileJson', draft);
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
      const target = answer.body?.error?.target === 'profileJson' ? 'profileJson' : 'file';
      showErrors(form, { error: { message: refusal(answer.body), target } });
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
    showReport(results, report, { announce, usingDraft: Boolean(draft || profileFile.control.files?.length), stage: report.error ? null : async (button) => {
      button.disabled = true;
      const staged = await run(false);
      button.disabled = false;
      if (!staged) return;
      if (staged.importId) {
        navigate(staged.alreadyImported ? `/analysis/imports/${staged.importId}?already=1` : `/analysis/imports/${staged.importId}?staged=1`);
      } else showReport(results, staged, { announce });
    } });
    // No profile fits the file: show the draft the assistant suggests, to use or to download and edit.
    if (report.error && !draft && !profileFile.control.files?.length && !report.profile) {
      await showSuggestion(file.control.files[0], results);
    }
  });

  return h('section', { class: 'imports-upload-section', 'aria-labelledby': 'imports-upload-title' },
    h('h2', { id: 'imports-upload-title' }, t('imports.upload.title')),
    h('p', {}, t('imports.upload.intro')),
    form, bar, results);
}

/** The report of a dry run (or a refused file): what the importer chose, its counts and the rows worth a look. */
function showReport(results, report, { announce, stage, usingDraft }) {
  const heading = h('h3', { tabindex: '-1' }, report.error ? t('imports.report.refused') : report.dryRun ? t('imports.report.dryRun') : t('imports.report.title'));
  const parts = [heading];
  if (report.error) {
    parts.push(h('div', { class: 'error-summary' }, h('p', {}, report.error)));
  } else {
    parts.push(h('p', {}, report.dryRun ? t('imports.report.nothingStored') : ''));
    parts.push(h('dl', { class: 'imports-facts' },
      h('div', {}, h('dt', {}, t('imports.fact.profile')), h('dd', {}, report.profile ?? '',
        usingDraft ? ` (${t('imports.report.profileDraft')})` : report.profileChosen ? ` (${t('imports.report.profileChosen')})` : '')),
      h('div', {}, h('dt', {}, t('imports.fact.encoding')), h('dd', {}, report.encoding ?? '', report.encodingEvidence ? h('span', { class: 'imports-note' }, ` (${report.encodingEvidence})`) : null))));
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
