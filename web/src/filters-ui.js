// The filter form: one group of checkboxes per facet, labels from the vocabularies.

import { h } from './dom.js';
import { t, tn } from './i18n.js';
import { FACETS } from './facets.js';
import { termsOf, label } from './vocab.js';

/**
 * Build the facet groups into the form, checked as in the state.
 * @param {HTMLElement} container
 * @param {Record<string, string[]>} filters
 * @param {(filters: Record<string, string[]>) => void} onChange
 */
export function renderFilters(container, filters, onChange) {
  const groups = FACETS.map((facet) => {
    const chosen = new Set(filters[facet.key] ?? []);
    const terms = termsOf(facet.vocabulary);
    if (terms.length === 0) return null;
    const summaryCount = chosen.size ? ` (${tn('filters.chosen', chosen.size)})` : '';
    return h('details', { class: 'facet', open: chosen.size > 0, 'data-facet': facet.key },
      h('summary', {}, t(`facet.${facet.key}`), summaryCount),
      h('fieldset', {},
        h('legend', { class: 'visually-hidden' }, t(`facet.${facet.key}`)),
        terms.map((term) => {
          const id = `f-${facet.key}-${term.Code}`;
          return h('div', { class: 'check' },
            h('input', {
              type: 'checkbox', id, name: facet.key, value: term.Code, checked: chosen.has(term.Code),
            }),
            h('label', { for: id }, label(facet.vocabulary, term.Code)));
        })));
  });
  container.replaceChildren(...groups.filter(Boolean));
  container.onchange = () => onChange(readFilters(container));
}

export function readFilters(container) {
  const filters = {};
  for (const box of container.querySelectorAll('input[type=checkbox]:checked')) {
    (filters[box.name] ??= []).push(box.value);
  }
  return filters;
}
