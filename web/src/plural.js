// Plural forms by the CLDR rules of each language (Intl.PluralRules). Welsh has six categories
// (zero, one, two, few, many, other), English two. Pure module: strings are passed in.

const rules = new Map();

/** 'zero' | 'one' | 'two' | 'few' | 'many' | 'other' for a count in a language. */
export function pluralCategory(count, lang) {
  if (!rules.has(lang)) rules.set(lang, new Intl.PluralRules(lang));
  return rules.get(lang).select(count);
}

/**
 * The key to use for a count: `${key}.${category}` if the language has it, else `${key}.other`,
 * else `key` itself (a text that reads the same for every count needs only one string); English
 * strings are the last resort, as for every other key.
 */
export function pluralKey(key, count, lang, strings, english = strings) {
  const candidates = [`${key}.${pluralCategory(count, lang)}`, `${key}.other`, key];
  return candidates.find((k) => k in strings) ?? candidates.find((k) => k in english) ?? key;
}
