// Interface language: English or Welsh, every string from i18n/en.json and i18n/cy.json.

import en from './i18n/en.json';
import cy from './i18n/cy.json';
import { pluralKey } from './plural.js';

const STRINGS = { en: { ...en }, cy: { ...cy } };
const STORAGE_KEY = 'blueprint.lang';
let current = 'en';

export function interpolate(template, vars = {}) {
  return template.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/** Adds strings loaded with a part of the front end (the workspace's own dictionaries: { en: {…}, cy: {…} }). */
export function addStrings(dictionaries) {
  for (const lang of Object.keys(STRINGS)) Object.assign(STRINGS[lang], dictionaries[lang]);
}

/** The string for a key in the current language (English if a Welsh one were missing). */
export function t(key, vars) {
  const template = STRINGS[current][key] ?? STRINGS.en[key] ?? key;
  return interpolate(template, vars);
}

/** t() for a count, in the plural form the current language uses for it (see plural.js). */
export function tn(key, count, vars = {}) {
  return t(pluralKey(key, count, current, STRINGS[current], STRINGS.en), { count, ...vars });
}

export function getLang() {
  return current;
}

/** The language from the URL, else the one stored, else English. */
export function initialLang(fromUrl) {
  if (fromUrl === 'en' || fromUrl === 'cy') return fromUrl;
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'cy') return stored;
  } catch {
    // storage may be unavailable (private mode); English then
  }
  return 'en';
}

export function setLang(lang) {
  current = lang === 'cy' ? 'cy' : 'en';
  document.documentElement.lang = current;
  try {
    localStorage.setItem(STORAGE_KEY, current);
  } catch {
    // not persisted; the URL still carries it
  }
}
