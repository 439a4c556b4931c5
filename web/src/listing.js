// Pieces of an intervention's listing shared by the results list and the detail page.

import { h } from './dom.js';
import { t, tn, getLang } from './i18n.js';
import { formatDate, isStale, pick } from './format.js';
import { label, labels } from './vocab.js';

export function interventionName(item) {
  return pick(getLang(), item.Name, item.NameCy);
}

/**
 * Listing text in the interface language: in Welsh mode, English shown for want of Welsh is marked
 * lang="en" (screen readers switch voice) and, with `note`, says "(Saesneg yn unig)".
 */
export function inLanguage(english, welsh, { note = false } = {}) {
  if (getLang() !== 'cy' || welsh || !english) return pick(getLang(), english, welsh);
  const text = h('span', { lang: 'en' }, english);
  return note ? [text, ' ', h('span', { class: 'english-only' }, t('lang.englishOnly'))] : text;
}

export function interventionNameNode(item) {
  return inLanguage(item.Name, item.NameCy);
}

/** Where it runs: "All Wales" or its areas, and "online" for an online programme. */
export function whereItRuns(item) {
  const lang = getLang();
  const parts = item.AllWales ? [t('tag.allWales')]
    : (item.Areas ?? []).map((a) => pick(lang, a.NameEn, a.NameCy)).sort(new Intl.Collator(lang).compare);
  if (item.Format === 'online') parts.push(t('where.online'));
  return parts.join(', ');
}

export function organisationName(item) {
  return item.Organisation ? pick(getLang(), item.Organisation.Name, item.Organisation.NameCy) : '';
}

export function organisationNameNode(item) {
  return item.Organisation ? inLanguage(item.Organisation.Name, item.Organisation.NameCy) : '';
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
  return tn('waiting.weeks', weeks);
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

/** The date last verified, with a visible text warning ("may be out of date") when it is stale. */
export function verified(item, staleBefore) {
  const date = formatDate(item.LastVerified, getLang()) || t('field.notKnown');
  const stale = isStale(item.LastVerified, staleBefore);
  return h('span', { class: stale ? 'verified stale' : 'verified' },
    date,
    stale ? [' ', h('strong', { class: 'tag tag-stale' }, t('stale.outOfDate'))] : null);
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
