// What the dashboard reads: the analysis tables as JSON (the exports' own tables, so the numbers and the
// suppression are the server's), the survey rounds from /api/rounds and round changes from the OData feed.

import { get } from '../session.js';
import { FACET_KEYS } from '../../facets.js';
import { getLang } from '../../i18n.js';
import { formatDate as formatDay } from '../../format.js';

export const LEVELS = ['local-authority', 'vawdasv-region', 'police-force-area', 'health-board', 'country'];
export const TABLES = ['provision', 'gaps', 'access', 'funding', 'searches'];
/** The mark a hidden cell carries, as in the exports (ONS practice). */
export const HIDDEN = '[c]';

export class DashboardError extends Error {}

async function json(url, signal) {
  const answer = await get(url, { signal });
  if (!answer.ok) throw new DashboardError(answer.body?.error?.message ?? `HTTP ${answer.status}`);
  return answer.body;
}

/** The query of a table: the round, "for publication" and the search's facet filters. */
export function tableQuery({ round, publication, filters }) {
  const query = new URLSearchParams();
  if (round) query.set('round', String(round));
  if (publication) query.set('publication', 'true');
  for (const key of FACET_KEYS) for (const value of filters[key] ?? []) query.append(key, value);
  return query;
}

/** Where a table is, as JSON for the page or as a file (csv, xlsx) to download. */
export function tableUrl(table, format, options) {
  const query = tableQuery(options).toString();
  return `/api/analysis/${table}.${format}${query ? `?${query}` : ''}`;
}

/** A table: { columns, rows (objects, Suppressed naming hidden cells), notes, suppressBelow }. */
export function readTable(table, options, signal) {
  return json(tableUrl(table, 'json', options), signal);
}

async function readAll(url, signal) {
  const rows = [];
  for (let next = url; next;) {
    const page = await json(next, signal);
    rows.push(...page.value);
    next = page['@odata.nextLink'] ?? null;
  }
  return rows;
}

/**
 * The rounds to choose from: 0 the live directory, then each survey round (GET /api/rounds) with a published
 * import, oldest first, as { Id, Name, OpensOn, ClosesOn }.
 */
export async function readRounds(signal) {
  const rounds = (await json('/api/rounds', signal))
    .filter((r) => r.publishedImports > 0)
    .sort((a, b) => (a.opensOn ?? '').localeCompare(b.opensOn ?? '') || a.id - b.id)
    .map((r) => ({ Id: r.id, Name: r.name, OpensOn: r.opensOn, ClosesOn: r.closesOn }));
  return [{ Id: 0, Name: 'live' }, ...rounds];
}

/** Each intervention of two survey rounds as new, closed, changed or unchanged. */
export function readRoundChanges(since, round, signal) {
  const filter = `Since eq ${Number(since)} and Round eq ${Number(round)}`;
  return readAll(`/odata/survey/analysis/RoundChanges?$filter=${encodeURIComponent(filter)}`, signal);
}

const numberFormats = new Map();

/** A figure in the page's language (en-GB or cy-GB grouping), with `digits` decimals. */
export function formatNumber(value, digits = 0) {
  if (value == null || Number.isNaN(value)) return '–';
  const key = `${getLang()}:${digits}`;
  if (!numberFormats.has(key)) {
    numberFormats.set(key, new Intl.NumberFormat(getLang() === 'cy' ? 'cy-GB' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
  }
  return numberFormats.get(key).format(value);
}

export const formatShare = (value) => (value == null ? '–' : `${formatNumber(value * 100, 0)}%`);

/** A cell as shown: the mark for a hidden one, else the figure. */
export function shown(row, column, format = formatNumber) {
  return (row.Suppressed ?? []).includes(column) ? HIDDEN : format(row[column]);
}

export const isHidden = (row, column) => (row.Suppressed ?? []).includes(column);

export const areaName = (row) => (getLang() === 'cy' ? row.AreaNameCy || row.AreaName : row.AreaName);
export const labelOf = (row) => (getLang() === 'cy' ? row.LabelCy || row.Label : row.Label);

/** A yyyy-mm-dd date as the page's language writes it (format.js's formatDate), '–' for none. */
export const formatDate = (text) => formatDay(text, getLang()) || '–';
