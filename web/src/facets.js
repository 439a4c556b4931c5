// The filters a professional can apply, and how each becomes an OData $filter clause.
// Pure module: no DOM, no fetch; unit-tested in tests/filters.test.mjs.

/**
 * key: the URL parameter; vocabulary: the VocabularyTerms vocabulary; property: the
 * Intervention property; many: true for Collection(Edm.String) properties.
 */
export const FACETS = [
  { key: 'purpose', vocabulary: 'purpose', property: 'Purposes', many: true },
  { key: 'form', vocabulary: 'vawdasv-form', property: 'Forms', many: true },
  { key: 'setting', vocabulary: 'setting', property: 'Settings', many: true },
  { key: 'stage', vocabulary: 'stage', property: 'Stages', many: true },
  // An intervention for people of any gender ('all') serves whichever gender is chosen.
  { key: 'gender', vocabulary: 'gender', property: 'Gender', many: false, inclusive: 'all' },
  { key: 'age', vocabulary: 'age-band', property: 'AgeBands', many: true },
  { key: 'group', vocabulary: 'cohort-group', property: 'CohortGroups', many: true },
  { key: 'risk', vocabulary: 'risk-level', property: 'RiskLevels', many: true },
  { key: 'route', vocabulary: 'referral-route', property: 'ReferralRoutes', many: true },
  { key: 'format', vocabulary: 'format', property: 'Format', many: false },
  { key: 'language', vocabulary: 'language', property: 'Languages', many: true },
  { key: 'accreditation', vocabulary: 'accreditation', property: 'Accreditations', many: true },
];

export const FACET_KEYS = FACETS.map((f) => f.key);

/** An OData string literal: single quotes doubled. */
export function literal(value) {
  return `'${String(value).replaceAll("'", "''")}'`;
}

/**
 * One clause per facet with a selection: values within a facet are alternatives (or),
 * facets narrow each other (and). Closed services are never listed.
 * @param {Record<string, string[]>} filters
 * @returns {string} an OData $filter expression
 */
export function toODataFilter(filters = {}) {
  const clauses = ["Status ne 'closed'"];
  for (const facet of FACETS) {
    const values = (filters[facet.key] ?? []).filter((v) => v !== '');
    if (values.length === 0) continue;
    if (facet.inclusive && !values.includes(facet.inclusive)) values.push(facet.inclusive);
    if (facet.many) {
      const alternatives = values.map((v) => `x eq ${literal(v)}`).join(' or ');
      clauses.push(`${facet.property}/any(x: ${alternatives})`);
    } else {
      const alternatives = values.map((v) => `${facet.property} eq ${literal(v)}`).join(' or ');
      clauses.push(values.length > 1 ? `(${alternatives})` : alternatives);
    }
  }
  return clauses.join(' and ');
}
