// Funding sustainability: how many interventions' funding ends within 6 or 12 months, is unknown, or has one funder.

import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { figure, groupedBars } from './charts.js';
import { dataTable, notes, hiddenNote } from './table.js';
import { section, select, atLevel } from './section.js';
import { areaName, formatDate, formatShare, isHidden, labelOf, shown } from './data.js';

const MEASURES = [
  ['EndsWithin6Months', 'analysis.funding.within6'],
  ['EndsWithin12Months', 'analysis.funding.within12'],
  ['FundingUnknown', 'analysis.funding.unknown'],
  ['SingleFunder', 'analysis.funding.single'],
];

export function fundingSection(view, state, redraw) {
  const sources = [...new Map(view.funding.rows.map((r) => [r.FundingSource, r])).values()];
  const source = sources.some((r) => r.FundingSource === state.funding) ? state.funding : 'all';
  const rows = atLevel(view.funding.rows, state.level).filter((r) => r.FundingSource === source);
  const controls = h('div', { class: 'analysis-controls-inline' }, select({
    id: 'funding-source', label: t('analysis.funding.source'), value: source,
    options: sources.map((r) => ({ value: r.FundingSource, label: r.FundingSource === 'all' ? t('analysis.funding.allSources') : labelOf(r) })),
    onChange: (value) => redraw({ funding: value }),
  }));
  const points = rows.flatMap((r) => MEASURES.map(([column, key]) => {
    const share = `${column}Share`;
    return { category: areaName(r), series: t(key), value: isHidden(r, share) ? 0 : (r[share] ?? 0) * 100, text: shown(r, share, formatShare) };
  }));
  const riskiest = [...rows].filter((r) => !isHidden(r, 'EndsWithin12MonthsShare') && r.EndsWithin12MonthsShare != null)
    .sort((a, b) => b.EndsWithin12MonthsShare - a.EndsWithin12MonthsShare)[0];
  const chart = figure({
    id: 'funding-chart',
    title: t('analysis.funding.chartTitle', { source: source === 'all' ? t('analysis.funding.allSources') : labelOf(rows[0] ?? {}) }),
    description: riskiest
      ? t('analysis.funding.describe', { area: areaName(riskiest), share: formatShare(riskiest.EndsWithin12MonthsShare) })
      : t('analysis.noRows'),
    spec: groupedBars(points, { width: view.width, valueTitle: t('analysis.funding.sharePercent'), categoryTitle: t('analysis.area'), seriesTitle: t('analysis.funding.measure') }),
  });
  const pair = (r, column) => `${shown(r, column)} (${shown(r, `${column}Share`, formatShare)})`;
  const table = dataTable({
    id: 'funding',
    caption: t('analysis.funding.tableCaption', { source: source === 'all' ? t('analysis.funding.allSources') : labelOf(rows[0] ?? {}) }),
    columns: [{ label: t('analysis.area') }, { label: t('analysis.interventions'), numeric: true },
      ...MEASURES.map(([, key]) => ({ label: t(key), numeric: true }))],
    rows: rows.map((r) => [areaName(r), shown(r, 'Interventions'), ...MEASURES.map(([column]) => pair(r, column))]),
  });
  return section({
    id: 'funding-section', title: t('analysis.funding.title'), intro: t('analysis.funding.intro'), controls,
    body: [chart, table, notes([
      rows[0] ? t('analysis.funding.today', { date: formatDate(rows[0].Today) }) : null,
      hiddenNote(view.funding, rows.some((r) => r.Suppressed.length > 0)),
    ])],
    table: 'funding', options: view.options,
  });
}
