// Round comparison: the same provision side by side for two rounds, and (between two survey rounds) each
// intervention as new, closed, changed or unchanged.

import { t } from '../../i18n.js';
import { h } from '../../dom.js';
import { figure, bars, groupedBars } from './charts.js';
import { dataTable, notes, hiddenNote } from './table.js';
import { section, atLevel } from './section.js';
import { areaName, formatNumber, isHidden, shown } from './data.js';

const CHANGES = ['new', 'closed', 'changed', 'unchanged'];

export function roundName(rounds, id) {
  const round = rounds.find((r) => r.Id === id);
  return id === 0 || !round ? t('analysis.liveDirectory') : round.Name;
}

export function comparisonSection(view, state) {
  const [first, second] = [state.round, state.compare];
  const nameA = roundName(view.rounds, first);
  const nameB = roundName(view.rounds, second);
  const totals = (table) => new Map(atLevel(table.rows, state.level).filter((r) => r.Facet === 'total').map((r) => [r.AreaCode, r]));
  const a = totals(view.provision);
  const b = totals(view.compared);
  const areas = [...a.values()];
  const value = (row) => (row && !isHidden(row, 'Interventions') ? row.Interventions : 0);
  const chart = figure({
    id: 'rounds-chart',
    title: t('analysis.rounds.chartTitle', { a: nameA, b: nameB }),
    description: t('analysis.rounds.describe', {
      a: nameA, b: nameB,
      totalA: formatNumber(value(view.provision.rows.find((r) => r.AreaKind === 'country' && r.Facet === 'total'))),
      totalB: formatNumber(value(view.compared.rows.find((r) => r.AreaKind === 'country' && r.Facet === 'total'))),
    }),
    spec: groupedBars(areas.flatMap((row) => [
      { category: areaName(row), series: nameA, value: value(row), text: shown(row, 'Interventions') },
      { category: areaName(row), series: nameB, value: value(b.get(row.AreaCode)), text: b.has(row.AreaCode) ? shown(b.get(row.AreaCode), 'Interventions') : '–' },
    ]), { width: view.width, valueTitle: t('analysis.interventions'), categoryTitle: t('analysis.area'), seriesTitle: t('analysis.rounds.round') }),
  });
  const difference = (row) => {
    const other = b.get(row.AreaCode);
    if (!other || isHidden(row, 'Interventions') || isHidden(other, 'Interventions')) return '–';
    const d = other.Interventions - row.Interventions;
    return d > 0 ? `+${formatNumber(d)}` : formatNumber(d);
  };
  const table = dataTable({
    id: 'rounds',
    caption: t('analysis.rounds.tableCaption', { a: nameA, b: nameB }),
    columns: [{ label: t('analysis.area') }, { label: nameA, numeric: true }, { label: nameB, numeric: true }, { label: t('analysis.rounds.difference'), numeric: true }],
    rows: areas.map((row) => [areaName(row), shown(row, 'Interventions'), b.has(row.AreaCode) ? shown(b.get(row.AreaCode), 'Interventions') : '–', difference(row)]),
  });
  const body = [chart, table];
  if (view.changes) {
    const counts = CHANGES.map((change) => ({ change, count: view.changes.filter((c) => c.Change === change).length }));
    body.push(figure({
      id: 'changes-chart',
      title: t('analysis.rounds.changesTitle', { a: nameA, b: nameB }),
      description: t('analysis.rounds.changesDescribe', Object.fromEntries(counts.map((c) => [c.change, c.count]))),
      spec: bars(counts.map((c) => ({ category: t(`analysis.change.${c.change}`), value: c.count, text: formatNumber(c.count) })),
        { width: view.width, valueTitle: t('analysis.interventions'), categoryTitle: t('analysis.rounds.change') }),
    }));
    body.push(dataTable({
      id: 'changes',
      caption: t('analysis.rounds.changesCaption'),
      columns: [{ label: t('analysis.rounds.intervention') }, { label: t('analysis.rounds.organisation') }, { label: t('analysis.rounds.change') }, { label: t('analysis.rounds.fields') }],
      rows: view.changes.filter((c) => c.Change !== 'unchanged')
        .map((c) => [c.InterventionName ?? '–', c.OrganisationName ?? '–', t(`analysis.change.${c.Change}`), c.ChangedFields ?? '']),
    }));
  } else {
    body.push(h('p', {}, t('analysis.rounds.liveNote')));
  }
  body.push(notes([hiddenNote(view.provision, areas.some((r) => r.Suppressed.length > 0))]));
  return section({ id: 'rounds-section', title: t('analysis.rounds.title'), intro: t('analysis.rounds.intro', { a: nameA, b: nameB }), body });
}
