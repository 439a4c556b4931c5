// Pieces of an intervention's listing shared by the results list and the detail page.

import { h } from './dom.js';
import { t, getLang } from './i18n.js';
import { formatDate, isStale, pick } from './format.js';
import { label, labels } from './vocab.js';

export function interventionName(item) {
  return pick(getLang(), item.Name, item.NameCy);
}

export function organisationName(item) {
  return item.Organisation ? pick(getLang(), item.Organisation.Name, item.Organisation.NameCy) : '';
}

/** "Men; 18+; LGBTQ+ people" — gender, ages and groups together. */
export function whoFor(item) {
  const parts = [];
  if (item.Gender) parts.push(label('gender', item.Gender));
  parts.push(...labels('age-band', item.AgeBands));
  parts.push(...labels('cohort-group', item.CohortGroups));
  return parts.join('; ');
}

export function waitingTime(item) {
  const weeks = item.WaitingTimeWeeks;
  if (weeks == null) return t('field.notKnown');
  if (weeks === 0) return t('waiting.none');
  return t(weeks === 1 ? 'waiting.weeks.one' : 'waiting.weeks.other', { count: weeks });
}

/** Phone, e-mail and web links for referrals; a dash when none is listed. */
export function contactLinks(item) {
  const links = [];
  if (item.ReferralPhone) {
    links.push(h('a', { href: `tel:${item.ReferralPhone.replace(/[^\d+]/g, '')}` }, item.ReferralPhone));
  }
  if (item.ReferralEmail) links.push(h('a', { href: `mailto:${item.ReferralEmail}` }, item.ReferralEmail));
  if (item.ReferralUrl && /^https?:\/\//i.test(item.ReferralUrl)) {
    links.push(h('a', { href: item.ReferralUrl, rel: 'noopener noreferrer' }, t('field.referralWebsite')));
  }
  if (links.length === 0) return [t('field.notKnown')];
  return links.flatMap((link, i) => (i === 0 ? [link] : [', ', link]));
}

/** The date last verified, with a visible text warning when it is stale. */
export function verified(item, staleAfterDays) {
  const date = formatDate(item.LastVerified, getLang()) || t('field.notKnown');
  const stale = isStale(item.LastVerified, staleAfterDays);
  return h('span', { class: stale ? 'verified stale' : 'verified' },
    date,
    stale ? h('strong', { class: 'tag tag-stale' }, t('stale.tag', { days: staleAfterDays })) : null);
}

/** Tags for status and national reach. */
export function tags(item) {
  const list = [];
  if (item.Status && item.Status !== 'active') {
    list.push(h('strong', { class: `tag tag-${item.Status}` }, label('status', item.Status)));
  }
  if (item.AllWales) list.push(h('span', { class: 'tag tag-wales' }, t('tag.allWales')));
  return list;
}

/** <dt>/<dd> rows for a <dl>, skipping empty values. */
export function rows(pairs) {
  return pairs
    .filter(([, value]) => value != null && value !== '' && !(Array.isArray(value) && value.length === 0))
    .map(([term, value]) => [h('dt', {}, term), h('dd', {}, Array.isArray(value) ? value : [value])]);
}

export function joined(values) {
  return (values ?? []).join(', ');
}
