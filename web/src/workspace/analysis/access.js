// Access: waiting times, places a year, self-referral, accreditation and evaluation by area.

import { t } from '../../i18n.js';
import { figure, bars } from './charts.js';
import { dataTable, notes, hiddenNote } from './table.js';
import { section, atLevel } from './section.js';
import { areaName, formatNumber, formatShare, isHidden, shown } from './data.js';

const weeks = (value) => formatNumber(value, 1);

export function accessSection(view, state) {
  const rows = atLevel(view.access.rows, state.level);
  const reported = rows.filter((r) => r.MedianWaitingWeeks != null && !isHidden(r, 'MedianWaitingWeeks'));
  const longest = [...reported].sort((a, b) => b.MedianWaitingWeeks - a.MedianWaitingWeeks)[0];
  const chart = figure({
    id: 'access-chart',
    title: t('analysis.access.chartTitle'),
    description: longest
      ? t('analysis.access.describe', { area: areaName(longest), weeks: weeks(longest.MedianWaitingWeeks), reported: reported.length, count: rows.length })
      : t('analysis.access.noneReported'),
    spec: bars(rows.map((r) => ({
      category: areaName(r),
      value: isHidden(r, 'MedianWaitingWeeks') ? 0 : r.MedianWaitingWeeks ?? 0,
      text: r.MedianWaitingWeeks == null && !isHidden(r, 'MedianWaitingWeeks') ? t('analysis.notReported') : shown(r, 'MedianWaitingWeeks', weeks),
    })), { width: view.width, valueTitle: t('analysis.access.medianWeeks'), categoryTitle: t('analysis.area') }),
  });
  const table = dataTable({
    id: 'access',
    caption: t('analysis.access.tableCaption'),
    columns: [
      { label: t('analysis.area') }, { label: t('analysis.interventions'), numeric: true },
      { label: t('analysis.access.medianWeeks'), numeric: true }, { label: t('analysis.access.waitingReported'), numeric: true },
      { label: t('analysis.access.places'), numeric: true }, { label: t('analysis.access.placesPer100k'), numeric: true },
      { label: t('analysis.access.selfReferral'), numeric: true }, { label: t('analysis.access.accredited'), numeric: true },
      { label: t('analysis.access.evaluated'), numeric: true },
    ],
    rows: rows.map((r) => [
      areaName(r), shown(r, 'Interventions'), shown(r, 'MedianWaitingWeeks', weeks), shown(r, 'WaitingTimeReported'),
      formatNumber(r.PlacesPerYear), formatNumber(r.PlacesPer100k, 1),
      `${shown(r, 'SelfReferral')} (${shown(r, 'SelfReferralShare', formatShare)})`,
      `${shown(r, 'Accredited')} (${shown(r, 'AccreditedShare', formatShare)})`,
      `${shown(r, 'Evaluated')} (${shown(r, 'EvaluatedShare', formatShare)})`,
    ]),
  });
  const wales = view.access.rows.find((r) => r.AreaKind === 'country');
  return section({
    id: 'access-section', title: t('analysis.access.title'), intro: t('analysis.access.intro'),
    body: [chart, table, notes([
      wales ? t('analysis.access.allWalesPlaces', { places: formatNumber(wales.AllWalesPlacesPerYear) }) : null,
      hiddenNote(view.access, rows.some((r) => r.Suppressed.length > 0)),
    ])],
    table: 'access', options: view.options,
  });
}
