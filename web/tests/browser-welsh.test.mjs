// Browser tests for Welsh no less favourable than English: Leaflet's own controls and the boundary
// credit in Welsh, English-only listing text marked as English, Welsh plural forms, and cards that
// say where, how and in which language an intervention is delivered.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingPrerequisite, startServer, WEB_ROOT } from './support/server.mjs';
import { launchChromium, newPage as openPage, settled } from './support/browser.mjs';
import { pluralKey } from '../src/plural.js';

const en = JSON.parse(readFileSync(join(WEB_ROOT, 'src', 'i18n', 'en.json'), 'utf8'));
const cy = JSON.parse(readFileSync(join(WEB_ROOT, 'src', 'i18n', 'cy.json'), 'utf8'));
const CARDIFF = 'W06000015';

const skip = missingPrerequisite();

describe('Welsh no less favourable than English', { skip: skip ?? false, timeout: 300_000 }, () => {
  let server;
  let browser;
  let terms;

  const api = async (path) => {
    const response = await fetch(`${server.baseUrl}${path}`);
    assert.equal(response.status, 200, `${path} answered ${response.status}`);
    return response.json();
  };

  const labelCy = (vocabulary, code) => terms.find((x) => x.Vocabulary === vocabulary && x.Code === code)?.LabelCy;

  before(async () => {
    server = await startServer({ shared: true });
    browser = await launchChromium();
    terms = (await api("/odata/VocabularyTerms?$filter=Vocabulary eq 'format' or Vocabulary eq 'language'&$top=500")).value;
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const newPage = () => openPage(browser, server.baseUrl);

  it("Leaflet's zoom and close-popup controls and the boundary credit are in Welsh", async () => {
    const { context, page } = await newPage();
    await page.goto(`/?area=W06000002&lang=cy`);
    await settled(page);
    assert.equal(await page.getAttribute('.leaflet-control-zoom-in', 'title'), cy['leaflet.zoomIn']);
    assert.equal(await page.getAttribute('.leaflet-control-zoom-in', 'aria-label'), cy['leaflet.zoomIn']);
    assert.equal(await page.getAttribute('.leaflet-control-zoom-out', 'title'), cy['leaflet.zoomOut']);
    const credit = await page.textContent('.leaflet-control-attribution');
    assert.ok(credit.includes(cy['map.boundaryCredit'].slice(0, 40)), credit);
    assert.doesNotMatch(credit, /Contains Ordnance Survey/);

    // Open a venue's popup: clusters open up one zoom level at a time.
    for (let i = 0; i < 8 && await page.locator('#map .venue-icon').count() === 0; i++) {
      await page.evaluate(() => document.querySelector('#map .marker-cluster')?.click());
      await page.waitForTimeout(600);
    }
    await page.evaluate(() => document.querySelector('#map .venue-icon')?.click());
    await page.waitForSelector('.leaflet-popup-close-button');
    assert.equal(await page.getAttribute('.leaflet-popup-close-button', 'aria-label'), cy['leaflet.closePopup']);

    await page.click('#lang-switch');
    await settled(page);
    assert.equal(await page.getAttribute('.leaflet-control-zoom-in', 'title'), en['leaflet.zoomIn']);
    assert.match(await page.textContent('.leaflet-control-attribution'), /Contains Ordnance Survey/);
    await context.close();
  });

  it('English shown for want of Welsh is marked lang="en", and said to be English on its page', async () => {
    const items = (await api(`/odata/Interventions/InArea(code='${CARDIFF}')?$select=Id,Name,NameCy,Description,DescriptionCy&$top=500`)).value;
    const englishOnly = items.find((i) => !i.NameCy && i.Description && !i.DescriptionCy);
    const welsh = items.find((i) => i.NameCy);
    assert.ok(englishOnly && welsh, 'the sample has both kinds in Cardiff');
    const { context, page } = await newPage();
    await page.goto(`/?area=${CARDIFF}&lang=cy`);
    await settled(page);
    const name = (id) => page.locator(`#results-list > li[data-id="${id}"] h3`);
    assert.equal((await name(englishOnly.Id).locator('[lang="en"]').textContent()).trim(), englishOnly.Name);
    assert.equal(await name(welsh.Id).locator('[lang="en"]').count(), 0);
    assert.equal((await name(welsh.Id).textContent()).trim(), welsh.NameCy);

    await page.goto(`/interventions/${englishOnly.Id}?lang=cy`);
    await settled(page);
    assert.equal((await page.textContent('.detail-description [lang="en"]')).trim(), englishOnly.Description);
    assert.equal((await page.textContent('.detail-description .english-only')).trim(), cy['lang.englishOnly']);
    assert.equal((await page.textContent('#detail-view h1 [lang="en"]')).trim(), englishOnly.Name);
    await context.close();
  });

  it('cards say where it runs, its format and language of delivery, and the count uses Welsh plurals', async () => {
    const items = (await api(`/odata/Interventions/InArea(code='${CARDIFF}')?${new URLSearchParams({
      $filter: "Status ne 'closed'", $select: 'Id,AllWales,Format,Languages', $expand: 'Areas($select=NameCy)',
      $count: 'true', $top: '500',
    })}`));
    const { context, page } = await newPage();
    await page.goto(`/?area=${CARDIFF}&lang=cy`);
    await settled(page);
    const n = items['@odata.count'];
    const sentence = cy[pluralKey('results.count', n, 'cy', cy, en)].replace('{count}', n).replace('{place}', 'Caerdydd');
    assert.equal((await page.textContent('#results-status')).trim().split('. ')[0], sentence, 'the count sentence, before the range');

    const field = (id, term) => page.evaluate(([itemId, label]) => {
      const terms = [...document.querySelectorAll(`#results-list > li[data-id="${itemId}"] dt`)];
      return terms.find((dt) => dt.textContent === label)?.nextElementSibling.textContent ?? null;
    }, [id, term]);
    const allWales = items.value.find((i) => i.AllWales);
    const local = items.value.find((i) => !i.AllWales && i.Areas.length > 1 && i.Format !== 'online');
    const online = items.value.find((i) => i.Format === 'online');
    assert.ok(allWales && local && online, 'the sample has each kind in Cardiff');
    assert.match(await field(allWales.Id, cy['field.where']), new RegExp(`^${cy['tag.allWales']}`));
    const where = await field(local.Id, cy['field.where']);
    for (const area of local.Areas) assert.ok(where.includes(area.NameCy), `${area.NameCy} in "${where}"`);
    assert.ok((await field(online.Id, cy['field.where'])).endsWith(cy['where.online']));
    assert.equal(await field(local.Id, cy['field.format']), labelCy('format', local.Format));
    assert.equal(await field(local.Id, cy['field.languages']), local.Languages.map((l) => labelCy('language', l)).join(', '));
    await context.close();
  });
});

if (skip) console.log(`# browser Welsh tests skipped: ${skip}`);
