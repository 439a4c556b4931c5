// Gaps: what an area has no provision for at all, ranked by the residents affected.

import { t } from '../../i18n.js';
import { figure, bars } from './charts.js';
import { dataTable, notes } from './table.js';
import { section, atLevel } from './section.js';
import { areaName, formatNumber, labelOf } from './data.js';

const LISTED = 30;

/** Gaps per area of the level (areas with none included), most first. */
export function gapsByArea(view, level) {
  const counts = new Map(atLevel(view.provision.rows, level).filter((r) => r.Facet === 'total').map((r) => [r.AreaCode, { row: r, gaps: 0 }]));
  for (const gap of atLevel(view.gaps.rows, level)) {
    if (counts.has(gap.AreaCode)) counts.get(gap.AreaCode).gaps += 1;
  }
  return [...counts.values()];
}

export function gapsSection(view, state) {
  const perArea = gapsByArea(view, state.level).sort((a, b) => b.gaps - a.gaps || (b.row.Population ?? 0) - (a.row.Population ?? 0));
  const listed = atLevel(view.gaps.rows, state.level).sort((a, b) => a.Rank - b.Rank);
  const title = t('analysis.gaps.title');
  const chart = figure({
    id: 'gaps-chart',
    title: t('analysis.gaps.chartTitle'),
    description: perArea.length && perArea[0].gaps > 0
      ? t('analysis.gaps.describe', { area: areaName(perArea[0].row), count: perArea[0].gaps, total: listed.length })
      : t('analysis.gaps.none'),
    spec: bars(perArea.map((a) => ({ category: areaName(a.row), value: a.gaps, text: formatNumber(a.gaps) })),
      { width: view.width, valueTitle: t('analysis.gaps.count'), categoryTitle: t('analysis.area') }),
  });
  const table = dataTable({
    id: 'gaps-per-area',
    caption: t('analysis.gaps.perAreaCaption'),
    columns: [{ label: t('analysis.area') }, { label: t('analysis.residents'), numeric: true }, { label: t('analysis.gaps.count'), numeric: true }],
    rows: perArea.map((a) => [areaName(a.row), formatNumber(a.row.Population), formatNumber(a.gaps)]),
  });
  const ranked = dataTable({
    id: 'gaps-ranked',
    caption: t('analysis.gaps.rankedCaption', { shown: Math.min(LISTED, listed.length), total: listed.length }),
    columns: [{ label: t('analysis.area') }, { label: t('analysis.gaps.rank'), numeric: true }, { label: t('analysis.residents'), numeric: true },
      { label: t('analysis.gaps.kind') }, { label: t('analysis.gaps.missing') }],
    rows: listed.slice(0, LISTED).map((g) => [areaName(g), formatNumber(g.Rank), formatNumber(g.Population), t(`analysis.dimension.${g.Dimension}`), labelOf(g)]),
  });
  return section({
    id: 'gaps-section', title, intro: t('analysis.gaps.intro'),
    body: [chart, table, ranked, notes([listed.length > LISTED ? t('analysis.gaps.more') : null, t('analysis.gaps.allWales')])],
    table: 'gaps', options: view.options,
  });
}
