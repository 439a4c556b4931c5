// Vocabulary labels (English / Welsh) from /odata/VocabularyTerms.

import { getLang } from './i18n.js';

let byVocabulary = new Map();

export function setVocabularies(terms) {
  byVocabulary = new Map();
  for (const term of terms) {
    if (!byVocabulary.has(term.Vocabulary)) byVocabulary.set(term.Vocabulary, []);
    byVocabulary.get(term.Vocabulary).push(term);
  }
  for (const list of byVocabulary.values()) {
    list.sort((a, b) => (a.SortOrder ?? 0) - (b.SortOrder ?? 0) || a.Code.localeCompare(b.Code));
  }
}

export function termsOf(vocabulary) {
  return byVocabulary.get(vocabulary) ?? [];
}

/** The label of a code in the current language; the code itself if the term is unknown. */
export function label(vocabulary, code) {
  const term = termsOf(vocabulary).find((x) => x.Code === code);
  if (!term) return code;
  return getLang() === 'cy' && term.LabelCy ? term.LabelCy : term.LabelEn;
}

export function labels(vocabulary, codes) {
  return (codes ?? []).map((code) => label(vocabulary, code));
}
