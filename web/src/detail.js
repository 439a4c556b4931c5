// An intervention's own page at /interventions/{id}: everything listed, printable,
// with its permanent link.

import { h } from './dom.js';
import { t, tn, getLang } from './i18n.js';
import { formatDate, isStale, pick } from './format.js';
import { label, labels } from './vocab.js';
import { getIntervention } from './api.js';
import { reportProblem } from './report-problem.js';
import {
  contactLinks, inLanguage, interventionName, joined, organisationNameNode, rows, tags, verified,
  waitingTime, whoFor,
} from './listing.js';

function yesNo(value) {
  if (value == null) return t('field.notKnown');
  return value ? t('field.yes') : t('field.no');
}

function venueItem(venue, areasByCode) {
  const area = areasByCode.get(venue.AreaCode);
  const areaName = area ? pick(getLang(), area.NameEn, area.NameCy) : venue.AreaCode ?? '';
  if (venue.Visibility === 'approximate' || venue.Latitude == null) {
    return h('li', {}, venue.Name ? `${venue.Name}: ` : '', t('venue.approximate', { area: areaName }));
  }
  return h('li', {}, [venue.Name, venue.Address, venue.Postcode].filter(Boolean).join(', '));
}

function section(titleKey, pairs) {
  const content = rows(pairs);
  if (content.length === 0) return null;
  return h('section', { class: 'detail-section' },
    h('h2', {}, t(titleKey)),
    h('dl', { class: 'detail-fields' }, content));
}

/**
 * @param {HTMLElement} container
 * @param {{ id: string, staleBefore: string, staleAfterDays: number, areasByCode: Map<string, object>, backHref: string }} options
 * @returns {Promise<string>} the page title
 */
export async function renderDetail(container, { id, staleBefore, staleAfterDays, areasByCode, backHref, signal }) {
  container.replaceChildren(h('p', { role: 'status' }, t('detail.loading')));
  let item;
  try {
    item = await getIntervention(id, { signal });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    const notFound = error.status === 404;
    container.replaceChildren(
      h('h1', { tabindex: '-1' }, t(notFound ? 'detail.notFound' : 'error.load')),
      h('p', {}, h('a', { href: backHref, 'data-link': true }, t('detail.back'))));
    return t(notFound ? 'detail.notFound' : 'error.load');
  }
  const lang = getLang();
  const name = interventionName(item);
  const org = item.Organisation ?? {};
  const permalink = `${location.origin}/interventions/${item.Id}`;
  const stale = isStale(item.LastVerified, staleBefore);
  const areas = (item.Areas ?? []).map((a) => pick(lang, a.NameEn, a.NameCy)).sort(new Intl.Collator(lang).compare);

  container.replaceChildren(
    h('nav', { class: 'detail-nav no-print', 'aria-label': t('detail.navLabel') },
      h('a', { href: backHref, 'data-link': true }, t('detail.back')),
      h('button', { type: 'button', class: 'button-secondary', onclick: () => window.print() }, t('detail.print'))),
    h('article', { class: 'detail' },
      h('h1', { tabindex: '-1' }, inLanguage(item.Name, item.NameCy, { note: true })),
      h('p', { class: 'detail-org' }, organisationNameNode(item), ' ', tags(item)),
      stale ? h('p', { class: 'warning' }, h('strong', {},
        t('stale.lastVerified', { date: formatDate(item.LastVerified, lang) || t('field.notKnown') })), ' ',
        `${tn('stale.tag', staleAfterDays, { days: staleAfterDays })}. `, t('stale.explain')) : null,
      item.Description || item.DescriptionCy
        ? h('p', { class: 'detail-description' }, inLanguage(item.Description, item.DescriptionCy, { note: true })) : null,
      section('detail.refer', [
        [t('field.referralRoutes'), joined(labels('referral-route', item.ReferralRoutes))],
        [t('field.contact'), contactLinks(item)],
        [t('field.waitingTime'), waitingTime(item)],
        [t('field.placesPerYear'), item.PlacesPerYear ?? ''],
      ]),
      section('detail.who', [
        [t('field.whoFor'), whoFor(item)],
        [t('facet.risk'), joined(labels('risk-level', item.RiskLevels))],
        [t('field.supportsPartners'), yesNo(item.SupportsPartners)],
      ]),
      section('detail.what', [
        [t('facet.purpose'), joined(labels('purpose', item.Purposes))],
        [t('facet.form'), joined(labels('vawdasv-form', item.Forms))],
        [t('facet.setting'), joined(labels('setting', item.Settings))],
        [t('facet.stage'), joined(labels('stage', item.Stages))],
        [t('field.format'), item.Format ? label('format', item.Format) : ''],
        [t('field.length'), item.LengthText || (item.LengthWeeks != null
          ? tn('waiting.weeks', item.LengthWeeks) : '')],
        [t('field.languages'), joined(labels('language', item.Languages))],
      ]),
      section('detail.where', [
        [t('field.areasServed'), item.AllWales ? t('tag.allWales') : joined(areas)],
        [t('field.venues'), (item.Venues ?? []).length
          ? h('ul', { class: 'plain' }, item.Venues.map((v) => venueItem(v, areasByCode))) : ''],
      ]),
      section('detail.quality', [
        [t('facet.accreditation'), joined(labels('accreditation', item.Accreditations))],
        [t('field.evaluation'), item.Evaluation ? label('evaluation', item.Evaluation) : ''],
        [t('field.outcomeMeasures'), item.OutcomeMeasures ?? ''],
        [t('field.fundingSources'), joined(labels('funding-source', item.FundingSources))],
        [t('field.fundingEnds'), formatDate(item.FundingEnds, lang)],
      ]),
      section('detail.organisation', [
        [t('field.organisation'), organisationNameNode(item)],
        [t('field.organisationType'), org.Type ? label('organisation-type', org.Type) : ''],
        [t('field.website'), org.Website && /^https?:\/\//i.test(org.Website)
          ? h('a', { href: org.Website, rel: 'noopener noreferrer' }, org.Website) : ''],
        [t('field.email'), org.Email ? h('a', { href: `mailto:${org.Email}` }, org.Email) : ''],
        [t('field.phone'), org.Phone ?? ''],
      ]),
      section('detail.record', [
        [t('field.lastVerified'), verified(item, staleBefore)],
        [t('field.verifiedBy'), item.VerifiedBy ?? ''],
        [t('field.status'), item.Status ? label('status', item.Status) : ''],
        [t('field.permalink'), h('a', { href: `/interventions/${item.Id}`, class: 'permalink', 'data-link': true }, permalink)],
      ]),
      item.PublicId ? reportProblem(item.PublicId) : null));
  return name;
}
