// Demand beside supply: the public map's searches of each area (all, with no results, with few) next to the
// interventions and gaps there.

import { t } from '../../i18n.js';
import { figure, groupedBars } from './charts.js';
import { dataTable, notes, hiddenNote } from './table.js';
import { section } from './section.js';
import { areaName, formatNumber, isHidden, HIDDEN, shown } from './data.js';
import { gapsByArea } from './gaps.js';

const COLUMNS = [['Searches', 'analysis.demand.searches'], ['ZeroResults', 'analysis.demand.zero'], ['FewResults', 'analysis.demand.few']];

export function demandSection(view, state) {
  const supply = gapsByArea(view, state.level);
  const byArea = new Map(supply.map((a) => [a.row.AreaCode, { ...a, Searches: 0, ZeroResults: 0, FewResults: 0, hidden: new Set() }]));
  for (const row of view.searches.rows) {
    const area = byArea.get(row.AreaCode);
    if (!area) continue;
    for (const [column] of COLUMNS) {
      // A sum with a hidden part is hidden too: it would be a guess.
      if (isHidden(row, column)) area.hidden.add(column);
      else area[column] += row[column] ?? 0;
    }
  }
  const areas = [...byArea.values()];
  const figureOf = (a, column) => (a.hidden.has(column) ? HIDDEN : formatNumber(a[column]));
  const months = [...new Set(view.searches.rows.map((r) => r.Month))].sort();
  const mostUnmet = [...areas].filter((a) => !a.hidden.has('ZeroResults')).sort((a, b) => b.ZeroResults - a.ZeroResults)[0];
  const chart = figure({
    id: 'demand-chart',
    title: t('analysis.demand.chartTitle'),
    description: mostUnmet && mostUnmet.ZeroResults > 0
      ? t('analysis.demand.describe', { area: areaName(mostUnmet.row), count: mostUnmet.ZeroResults })
      : t('analysis.demand.noneUnmet'),
    spec: groupedBars(areas.flatMap((a) => COLUMNS.map(([column, key]) => ({
      category: areaName(a.row), series: t(key), value: a.hidden.has(column) ? 0 : a[column], text: figureOf(a, column),
    }))), { width: view.width, valueTitle: t('analysis.demand.searchesAxis'), categoryTitle: t('analysis.area'), seriesTitle: t('analysis.demand.kind') }),
  });
  const table = dataTable({
    id: 'demand',
    caption: t('analysis.demand.tableCaption'),
    columns: [{ label: t('analysis.area') }, ...COLUMNS.map(([, key]) => ({ label: t(key), numeric: true })),
      { label: t('analysis.interventions'), numeric: true }, { label: t('analysis.gaps.count'), numeric: true }],
    rows: areas.map((a) => [areaName(a.row), ...COLUMNS.map(([column]) => figureOf(a, column)), shown(a.row, 'Interventions'), formatNumber(a.gaps)]),
  });
  return section({
    id: 'demand-section', title: t('analysis.demand.title'), intro: t('analysis.demand.intro'),
    body: [chart, table, notes([
      months.length ? t('analysis.demand.months', { from: months[0], to: months[months.length - 1] }) : t('analysis.demand.noSearches'),
      t('analysis.demand.sameForAll'),
      hiddenNote(view.searches, areas.some((a) => a.hidden.size > 0)),
    ])],
    table: 'searches', options: view.options,
  });
}
