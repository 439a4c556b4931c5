import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toODataFilter, literal, FACETS } from '../src/facets.js';

test('no filter still leaves closed services out', () => {
  assert.equal(toODataFilter({}), "Status ne 'closed'");
});

test('values within a facet are alternatives and facets narrow each other', () => {
  assert.equal(
    toODataFilter({ language: ['cy'], risk: ['high', 'medium'] }),
    "Status ne 'closed' and RiskLevels/any(x: x eq 'high' or x eq 'medium') and Languages/any(x: x eq 'cy')",
  );
});

test('single-valued properties are compared directly', () => {
  assert.equal(toODataFilter({ format: ['group'] }), "Status ne 'closed' and Format eq 'group'");
  assert.equal(
    toODataFilter({ format: ['group', 'online'] }),
    "Status ne 'closed' and (Format eq 'group' or Format eq 'online')",
  );
});

test('choosing a gender also finds interventions for all genders', () => {
  assert.equal(toODataFilter({ gender: ['men'] }), "Status ne 'closed' and (Gender eq 'men' or Gender eq 'all')");
  assert.equal(toODataFilter({ gender: ['all'] }), "Status ne 'closed' and Gender eq 'all'");
});

test('quotes in values cannot break out of the literal', () => {
  assert.equal(literal("o'brien"), "'o''brien'");
  assert.equal(
    toODataFilter({ purpose: ["x') or true or ('"] }),
    "Status ne 'closed' and Purposes/any(x: x eq 'x'') or true or (''')",
  );
});

test('every facet names a vocabulary and a property', () => {
  for (const facet of FACETS) {
    assert.ok(facet.key && facet.vocabulary && facet.property, facet.key);
  }
});
