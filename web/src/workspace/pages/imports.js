// /analysis/imports: survey imports for analysts and administrators. The list page uploads an export (a dry run
// with progress and its report first, then staging) and lists past imports; /analysis/imports/{id} shows one
// import's staged rows and, for administrators, publishing (preview first) and erasure.

import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { get } from '../session.js';
import { hashCell, when, total } from '../imports/common.js';
import { uploadSection } from '../imports/upload.js';
import { stagedRows } from '../imports/staged.js';
import { publishSection, eraseSection } from '../imports/publish.js';

export async function render(container, ctx) {
  const status = h('div', { role: 'status', class: 'imports-status' });
  const announce = (text) => { status.textContent = text; };
  const id = ctx.match?.[1];
  return id ? importPage(container, ctx, Number(id), status, announce) : listPage(container, ctx, status, announce);
}

async function listPage(container, { navigate, query, signal }, status, announce) {
  const title = t('imports.title');
  const list = h('div', {}, h('p', {}, t('imports.list.loading')));
  container.replaceChildren(
    h('h1', { tabindex: '-1' }, title),
    h('p', {}, t('imports.intro')),
    status,
    uploadSection({ navigate, announce }),
    h('section', { 'aria-labelledby': 'imports-list-title' }, h('h2', { id: 'imports-list-title' }, t('imports.list.title')), list));
  if (/^\d+$/.test(query.get('erased') ?? '')) announce(t('imports.erase.done', { id: query.get('erased') }));
  const answer = await get('/api/imports', { signal });
  if (!answer.ok) list.replaceChildren(h('p', {}, t('workspace.error')));
  else list.replaceChildren(pastImports(answer.body, announce));
  return title;
}

function pastImports(imports, announce) {
  if (!imports.length) return h('p', {}, t('imports.list.none'));
  const hasRounds = imports.some((i) => 'roundName' in i);
  const hasNeedsArea = imports.some((i) => 'needsArea' in i);
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('imports.list.title') },
    h('table', { class: 'imports-table imports-past' },
      h('caption', {}, t('imports.list.title')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('imports.list.import')),
        hasRounds ? h('th', { scope: 'col' }, t('imports.fact.round')) : null,
        h('th', { scope: 'col' }, t('imports.fact.by')),
        h('th', { scope: 'col' }, t('imports.fact.when')),
        h('th', { scope: 'col' }, t('imports.count.rowsRead')),
        h('th', { scope: 'col' }, t('imports.count.accepted')),
        h('th', { scope: 'col' }, t('imports.count.notForPublication')),
        h('th', { scope: 'col' }, t('imports.count.rejected')),
        h('th', { scope: 'col' }, t('imports.count.duplicates')),
        hasNeedsArea ? h('th', { scope: 'col' }, t('imports.count.needsArea')) : null,
        h('th', { scope: 'col' }, t('imports.fact.hash')))),
      h('tbody', {}, imports.map((i) => h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: `/analysis/imports/${i.id}`, 'data-link': true }, t('imports.list.name', { id: i.id, file: i.fileName })),
          i.erasedAt ? h('span', { class: 'imports-erased' }, ' ', t('imports.list.erased', { when: when(i.erasedAt) })) : null),
        hasRounds ? h('td', {}, i.roundName ?? '') : null,
        h('td', {}, i.importedBy),
        h('td', {}, when(i.importedAt)),
        h('td', {}, String(i.rowsRead)),
        h('td', {}, String(i.accepted)),
        h('td', {}, String(i.notForPublication)),
        h('td', {}, String(i.rejected)),
        h('td', {}, String(i.duplicates)),
        hasNeedsArea ? h('td', {}, String(i.needsArea ?? 0)) : null,
        h('td', {}, hashCell(i.fileHash, announce)))))));
}

async function importPage(container, { me, navigate, query, signal }, id, status, announce) {
  const answer = await get(`/api/imports/${id}`, { signal });
  const back = h('p', {}, h('a', { href: '/analysis/imports', 'data-link': true }, t('imports.back')));
  if (!answer.ok) {
    const title = t('imports.notFound', { id });
    container.replaceChildren(back, h('h1', { tabindex: '-1' }, title));
    return title;
  }
  const record = answer.body;
  const title = t('imports.detail.title', { id, file: record.fileName });
  const admin = me?.role === 'admin';
  container.replaceChildren(
    back,
    h('h1', { tabindex: '-1' }, title),
    status,
    h('dl', { class: 'imports-facts' },
      record.roundName ? fact(t('imports.fact.round'), record.roundName) : null,
      fact(t('imports.fact.by'), record.importedBy),
      fact(t('imports.fact.when'), when(record.importedAt)),
      fact(t('imports.fact.profile'), record.profile),
      fact(t('imports.fact.encoding'), record.encodingEvidence ? `${record.encoding} (${record.encodingEvidence})` : record.encoding),
      fact(t('imports.fact.hash'), hashCell(record.fileHash, announce)),
      record.erasedAt ? fact(t('imports.fact.erased'), t('imports.fact.erasedBy', { when: when(record.erasedAt), who: record.erasedBy ?? '' })) : null),
    h('dl', { class: 'imports-totals' },
      total(t('imports.count.rowsRead'), record.rowsRead),
      total(t('imports.count.accepted'), record.accepted),
      total(t('imports.count.notForPublication'), record.notForPublication),
      total(t('imports.count.rejected'), record.rejected),
      total(t('imports.count.duplicates'), record.duplicates),
      'needsArea' in record ? total(t('imports.count.needsArea'), record.needsArea) : null,
      total(t('imports.count.blankRows'), record.blankRows)),
    ...(admin ? [publishSection(record, { announce })] : []),
    stagedRows(record, { signal }),
    ...(admin ? [eraseSection(record, { navigate })] : []));
  if (query.get('staged') === '1') announce(t('imports.upload.staged', { id }));
  if (query.get('already') === '1') announce(t('imports.upload.alreadyImported', { id }));
  return title;
}

function fact(label, value) {
  return h('div', {}, h('dt', {}, label), h('dd', {}, value ?? ''));
}
