// Provision: interventions by area (counts and per 100,000 residents), in total or by the values of a facet.

import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { figure, bars, matrix } from './charts.js';
import { dataTable, notes, hiddenNote } from './table.js';
import { section, select, atLevel } from './section.js';
import { areaName, formatNumber, isHidden, labelOf, shown, HIDDEN } from './data.js';

/** ProvisionByArea's facets, with the search's name for each (for its label). */
export const PROVISION_FACETS = {
  total: null, purpose: 'purpose', stage: 'stage', setting: 'setting', form: 'form', gender: 'gender',
  'age-band': 'age', 'cohort-group': 'group', 'risk-level': 'risk', format: 'format', language: 'language',
};

const per100k = (value) => formatNumber(value, 1);

export function provisionSection(view, state, redraw) {
  const { provision } = view;
  const measure = state.measure === 'per100k' ? 'Per100k' : 'Interventions';
  const format = measure === 'Per100k' ? per100k : formatNumber;
  const rows = atLevel(provision.rows, state.level).filter((r) => r.Facet === state.facet);
  const anyHidden = rows.some((r) => r.Suppressed.length > 0);
  const measureLabel = t(measure === 'Per100k' ? 'analysis.per100k' : 'analysis.interventions');
  const controls = h('div', { class: 'analysis-controls-inline' },
    select({
      id: 'provision-facet', label: t('analysis.provision.facet'), value: state.facet,
      options: Object.entries(PROVISION_FACETS).map(([value, key]) => ({ value, label: key ? t(`facet.${key}`) : t('analysis.provision.total') })),
      onChange: (value) => redraw({ facet: value }),
    }),
    select({
      id: 'provision-measure', label: t('analysis.provision.measure'), value: state.measure,
      options: [{ value: 'count', label: t('analysis.interventions') }, { value: 'per100k', label: t('analysis.per100k') }],
      onChange: (value) => redraw({ measure: value }),
    }));
  const title = t('analysis.provision.title');
  let chart;
  let table;
  if (state.facet === 'total') {
    const points = rows.map((r) => ({ category: areaName(r), value: isHidden(r, measure) ? 0 : r[measure] ?? 0, text: shown(r, measure, format) }));
    const top = [...rows].filter((r) => !isHidden(r, measure)).sort((a, b) => (b[measure] ?? 0) - (a[measure] ?? 0))[0];
    chart = figure({
      id: 'provision-chart',
      title: t('analysis.provision.chartTitle', { measure: measureLabel }),
      description: top ? t('analysis.provision.describeTotal', { area: areaName(top), value: format(top[measure]), count: rows.length }) : t('analysis.noRows'),
      spec: bars(points, { width: view.width, valueTitle: measureLabel, categoryTitle: t('analysis.area') }),
    });
    table = dataTable({
      id: 'provision',
      caption: t('analysis.provision.tableCaption'),
      columns: [{ label: t('analysis.area') }, { label: t('analysis.residents'), numeric: true }, { label: t('analysis.interventions'), numeric: true },
        { label: t('analysis.allWalesOf'), numeric: true }, { label: t('analysis.per100k'), numeric: true }],
      rows: rows.map((r) => [areaName(r), formatNumber(r.Population), shown(r, 'Interventions'), shown(r, 'AllWalesInterventions'), shown(r, 'Per100k', per100k)]),
    });
  } else {
    const values = [...new Map(rows.map((r) => [r.Value, labelOf(r)])).entries()];
    const max = Math.max(1, ...rows.map((r) => (isHidden(r, measure) ? 0 : r[measure] ?? 0)));
    const points = rows.map((r) => {
      const value = isHidden(r, measure) ? 0 : r[measure] ?? 0;
      return { category: areaName(r), series: labelOf(r), value, text: shown(r, measure, format), dark: value > max * 0.55 };
    });
    const empty = rows.filter((r) => r.Interventions === 0 && !isHidden(r, 'Interventions')).length;
    chart = figure({
      id: 'provision-chart',
      title: t('analysis.provision.matrixTitle', { facet: t(`facet.${PROVISION_FACETS[state.facet]}`), measure: measureLabel }),
      description: t('analysis.provision.describeMatrix', { cells: rows.length, empty }),
      spec: matrix(points, { width: Math.max(view.width, values.length * 34), categoryTitle: t('analysis.area'), seriesTitle: t(`facet.${PROVISION_FACETS[state.facet]}`), valueTitle: measureLabel }),
    });
    const byArea = new Map();
    for (const r of rows) {
      if (!byArea.has(r.AreaCode)) byArea.set(r.AreaCode, [areaName(r)]);
      byArea.get(r.AreaCode).push(shown(r, measure, format));
    }
    table = dataTable({
      id: 'provision',
      caption: t('analysis.provision.matrixCaption', { facet: t(`facet.${PROVISION_FACETS[state.facet]}`), measure: measureLabel }),
      columns: [{ label: t('analysis.area') }, ...values.map(([, label]) => ({ label, numeric: true }))],
      rows: [...byArea.values()],
    });
  }
  const wales = provision.rows.find((r) => r.AreaKind === 'country' && r.Facet === 'total');
  const allWales = wales ? (isHidden(wales, 'AllWalesInterventions') ? HIDDEN : formatNumber(wales.AllWalesInterventions)) : '0';
  return section({
    id: 'provision-section', title, intro: t('analysis.provision.intro'), controls,
    body: [chart, table, notes([t('analysis.allWalesNote', { count: allWales }), t('analysis.populationNote'), hiddenNote(provision, anyHidden)])],
    table: 'provision', options: view.options,
  });
}
