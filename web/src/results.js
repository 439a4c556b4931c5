// The accessible results list: the primary way to see what serves a place.

import { h } from './dom.js';
import { t } from './i18n.js';
import { labels, label } from './vocab.js';
import {
  contactLinks, interventionNameNode, joined, organisationNameNode, rows, tags, verified, waitingTime, whoFor,
  whereItRuns,
} from './listing.js';

export function resultItem(item, staleBefore) {
  const headingId = `result-${item.Id}`;
  return h('li', { class: 'result', 'data-id': item.Id },
    h('article', { 'aria-labelledby': headingId },
      h('h3', { id: headingId, class: 'result-name' },
        h('a', { href: `/interventions/${item.Id}`, 'data-link': true }, interventionNameNode(item))),
      h('p', { class: 'result-org' }, organisationNameNode(item), ' ', tags(item)),
      h('dl', { class: 'result-fields' },
        rows([
          [t('field.where'), whereItRuns(item)],
          [t('field.whoFor'), whoFor(item)],
          [t('field.referralRoutes'), joined(labels('referral-route', item.ReferralRoutes))],
          [t('field.format'), item.Format ? label('format', item.Format) : ''],
          [t('field.languages'), joined(labels('language', item.Languages))],
          [t('field.waitingTime'), waitingTime(item)],
          [t('field.contact'), contactLinks(item)],
          [t('field.lastVerified'), verified(item, staleBefore)],
        ]))));
}

/** Append items in slices so a long list never blocks the page. */
export async function appendResults(list, items, staleBefore, isCurrent) {
  const SLICE = 50;
  for (let i = 0; i < items.length; i += SLICE) {
    if (!isCurrent()) return;
    const fragment = document.createDocumentFragment();
    for (const item of items.slice(i, i + SLICE)) fragment.append(resultItem(item, staleBefore));
    list.append(fragment);
    if (i + SLICE < items.length) await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}
