// Small pure helpers for showing listing data.

/** 'YYYY-MM-DD' (Edm.Date) → Date at UTC midnight, or null. */
export function parseDate(text) {
  if (!text || !/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const date = new Date(`${text.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * A listing is stale when it was last verified before `staleBefore` ('YYYY-MM-DD', from /api/config: the
 * server computes it from Listings:StaleAfterDays, the one setting), or never.
 */
export function isStale(lastVerified, staleBefore) {
  if (!parseDate(lastVerified)) return true;
  return Boolean(staleBefore) && lastVerified.slice(0, 10) < staleBefore;
}

const MONTHS = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
    'October', 'November', 'December'],
  cy: ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst', 'Medi',
    'Hydref', 'Tachwedd', 'Rhagfyr'],
};

/** '2024-03-05' → '5 March 2024' / '5 Mawrth 2024'. */
export function formatDate(text, lang = 'en') {
  const date = parseDate(text);
  if (!date) return '';
  const months = MONTHS[lang] ?? MONTHS.en;
  return `${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** The Welsh text when the language is Welsh and a Welsh version exists. */
export function pick(lang, english, welsh) {
  return lang === 'cy' && welsh ? welsh : (english ?? '');
}
