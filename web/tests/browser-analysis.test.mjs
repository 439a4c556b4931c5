// The analysts' dashboard: the figures shown are the OData feed's, a facet filter changes them, hidden cells are
// marked for publication, English and Welsh, axe, no Content-Security-Policy violation with every chart and the
// map drawn, a print layout for board papers, providers refused, and the public map never loads the chart library.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingPrerequisite, startServer, REPO_ROOT, WEB_ROOT } from './support/server.mjs';
import { launchChromium, newPage, settled, seriousViolations } from './support/browser.mjs';
import { createAdmin, invite, signInPage, PASSWORD } from './support/accounts.mjs';

const skip = missingPrerequisite();
const SHOTS = '/tmp/shots-analysis';
const CARDIFF = 'W06000015';

/** A page that records CSP violations (the document's securitypolicyviolation events) and console errors naming the policy. */
async function watchedPage(browser, baseUrl, options) {
  const opened = await newPage(browser, baseUrl, options);
  const cspErrors = [];
  opened.page.on('console', (message) => {
    if (message.type() === 'error' && /Content[- ]Security[- ]Policy/i.test(message.text())) cspErrors.push(message.text());
  });
  await opened.page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.cspViolations.push(`${e.violatedDirective}: ${e.blockedURI || 'inline'} ${e.sample ?? ''}`);
    });
  });
  const violations = async () => [...cspErrors, ...await opened.page.evaluate(() => window.cspViolations)];
  return { ...opened, violations };
}

/** Waits until the dashboard has drawn every chart and the map for its current choices. */
async function drawn(page) {
  await page.waitForSelector('.workspace-page[data-drawn="true"]', { timeout: 60_000 });
  await page.waitForSelector('#map-section .leaflet-overlay-pane path', { timeout: 30_000 });
}

/** The cells of the provision table's row for an area, by column header. */
async function provisionRow(page, areaName) {
  return page.evaluate((name) => {
    const table = document.querySelector('#provision-section table');
    const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    const row = [...table.querySelectorAll('tbody tr')].find((tr) => tr.querySelector('th')?.textContent.trim() === name);
    return row ? Object.fromEntries([...row.children].map((cell, i) => [headers[i], cell.textContent.trim()])) : null;
  }, areaName);
}

describe('the analysis dashboard', { skip: skip ?? false, timeout: 300_000 }, () => {
  let server;
  let browser;
  let analyst;
  let provider;
  let adminAccount;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    const admin = await createAdmin(server);
    adminAccount = { email: 'admin@example.org', password: PASSWORD };
    analyst = await invite(server, admin, { email: 'analyst@example.org', role: 'analyst' });
    provider = await invite(server, admin, { email: 'provider@example.org', role: 'provider', organisations: [1] });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows an analyst the feed\'s provision figures, drawn under the CSP, and a filter changes them', async () => {
    const { context, page, violations } = await watchedPage(browser, server.baseUrl);
    await signInPage(page, analyst, '/analysis');
    await drawn(page);
    assert.equal((await page.textContent('#workspace-view h1')).trim(), 'Analysis dashboard');

    const feed = await (await page.context().request.get(
      `/odata/survey/analysis/ProvisionByArea?$filter=AreaCode eq '${CARDIFF}' and Facet eq 'total'`)).json();
    const cardiff = feed.value[0];
    const shown = await provisionRow(page, 'Cardiff');
    assert.equal(shown.Interventions, String(cardiff.Interventions));
    assert.equal(shown['Of which all-Wales'], String(cardiff.AllWalesInterventions));
    assert.equal(shown['Per 100,000 residents'], cardiff.Per100k.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
    assert.ok(cardiff.Interventions > 0);
    // The chart says the same: Vega labels each bar with its figures.
    const bar = await page.getAttribute('#provision-section figure path[aria-label$="; Area: Cardiff"]', 'aria-label');
    assert.equal(bar, `Interventions: ${cardiff.Interventions}; Area: Cardiff`);
    assert.match(await page.textContent('#provision-section .analysis-notes'), /All-Wales interventions serve every area/);
    assert.ok(await page.locator('.analysis-section figure.chart svg').count() >= 5);
    assert.ok(await page.locator('#map-section .leaflet-overlay-pane path').count() >= 22);

    // Only Welsh-language interventions: fewer in Cardiff, as the server counts them.
    await page.click('.analysis-filters summary');
    await page.locator('details[data-facet="language"] summary').click();
    await page.check('#analysis-f-language-cy');
    await page.waitForFunction(() => /Language: Welsh/.test(document.querySelector('#analysis-status').textContent), null, { timeout: 30_000 });
    await drawn(page);
    const welsh = await provisionRow(page, 'Cardiff');
    const filtered = await (await page.context().request.get('/api/analysis/provision.json?language=cy')).json();
    const expected = filtered.rows.find((r) => r.AreaCode === CARDIFF && r.Facet === 'total');
    assert.equal(welsh.Interventions, String(expected.Interventions));
    assert.ok(expected.Interventions < cardiff.Interventions, `${expected.Interventions} Welsh of ${cardiff.Interventions}`);
    assert.match(page.url(), /language=cy/);
    assert.match(await page.getAttribute('#provision-section .export-links a >> nth=0', 'href'), /^\/api\/analysis\/provision\.csv\?language=cy$/);

    // Another area level, and a matrix by purpose: still charts and tables, still no violation.
    await page.selectOption('#analysis-level', 'vawdasv-region');
    await page.selectOption('#provision-facet', 'purpose');
    await drawn(page);
    assert.ok(await page.locator('#provision-section tbody tr').count() === 6);

    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: join(SHOTS, 'dashboard-1280.png'), fullPage: true });
    assert.deepEqual(await violations(), []);
    await context.close();
  });

  it('marks hidden cells for publication, in the table and the chart, with the note', async () => {
    const { context, page, violations } = await watchedPage(browser, server.baseUrl);
    await signInPage(page, analyst, '/analysis?facet=language');
    await drawn(page);
    await page.check('#analysis-publication');
    await page.waitForSelector('#provision-section td.hidden-cell', { timeout: 30_000 });
    await drawn(page);
    const published = await (await page.context().request.get('/api/analysis/provision.json?publication=true')).json();
    const hidden = published.rows.filter((r) => r.AreaKind === 'local-authority' && r.Facet === 'language' && r.Suppressed.includes('Interventions'));
    assert.ok(hidden.length > 0);
    assert.equal(await page.locator('#provision-section td.hidden-cell').count(), hidden.length);
    assert.match(await page.textContent('#provision-section .analysis-notes'), /\[c\]: not published\. A count below 10/);
    assert.ok(await page.locator('#provision-section figure text', { hasText: '[c]' }).count() > 0);
    assert.deepEqual(await violations(), []);
    await context.close();
  });

  it('is in Welsh, with no serious accessibility problem, and fits 320 px', async () => {
    const { context, page, violations } = await watchedPage(browser, server.baseUrl, { viewport: { width: 320, height: 800 } });
    await signInPage(page, analyst, '/analysis?lang=cy&level=vawdasv-region');
    await drawn(page);
    assert.equal((await page.textContent('#workspace-view h1')).trim(), 'Dangosfwrdd dadansoddi');
    assert.match(await page.textContent('#provision-section caption'), /Ymyriadau fesul ardal/);
    assert.equal(await page.locator('#provision-section tbody th', { hasText: "Caerdydd a'r Fro" }).count(), 1);
    assert.deepEqual(await seriousViolations(page), []);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
    await page.screenshot({ path: join(SHOTS, 'dashboard-320-cy.png'), fullPage: true });
    assert.deepEqual(await violations(), []);
    await context.close();
  });

  it('prints for board papers: no navigation or controls, the source, date and suppression note', async () => {
    const { context, page } = await watchedPage(browser, server.baseUrl);
    await signInPage(page, adminAccount, '/analysis?publication=true&level=health-board');
    await drawn(page);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.isVisible('.workspace-nav'), false);
    assert.equal(await page.isVisible('.analysis-form'), false);
    assert.equal(await page.isVisible('.site-header'), false);
    const summary = await page.textContent('.print-summary');
    assert.match(summary, /Source: Live directory/);
    assert.match(summary, /Areas: Health boards/);
    assert.match(summary, /Printed on \d+ \w+ \d{4}/);
    assert.match(summary, /\[c\]: hidden for publication \(counts below 10/);
    await page.screenshot({ path: join(SHOTS, 'dashboard-print.png') });
    await context.close();
  });

  it('refuses a provider, who loads no chart code', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    const scripts = [];
    page.on('request', (request) => { if (request.resourceType() === 'script') scripts.push(request.url()); });
    await signInPage(page, provider, '/analysis');
    await settled(page);
    assert.equal((await page.textContent('#workspace-view h1')).trim(), 'You cannot open this page');
    assert.deepEqual(scripts.filter((url) => /analysis/.test(url)), []);
    const refused = await page.context().request.get('/api/analysis/provision.json');
    assert.equal(refused.status(), 403);
    await context.close();
  });

  it('the public map requests no dashboard or chart-library script', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    const scripts = [];
    page.on('response', async (response) => {
      if (response.request().resourceType() === 'script') scripts.push({ url: response.url(), body: await response.text() });
    });
    await page.goto('/');
    await settled(page);
    await page.waitForTimeout(500);
    assert.ok(scripts.length > 0);
    assert.deepEqual(scripts.filter((s) => /analysis|workspace/.test(s.url)).map((s) => s.url), []);
    // Vega's code names its schema site; none of the public page's scripts holds it.
    assert.deepEqual(scripts.filter((s) => /vega\.github\.io|vega-lite/i.test(s.body)).map((s) => s.url), []);
    const index = readFileSync(join(WEB_ROOT, 'dist', 'index.html'), 'utf8');
    const entry = /src="\/(assets\/index-[\w-]+\.js)"/.exec(index)[1];
    assert.doesNotMatch(readFileSync(join(WEB_ROOT, 'dist', entry), 'utf8'), /vega/i);
    await context.close();
  });

  // Last: publishing the rounds changes the live directory the other tests read.
  it('compares two survey rounds chosen by name: side by side, and each intervention new, closed, changed or unchanged', async () => {
    const { context, page, violations } = await watchedPage(browser, server.baseUrl);
    await signInPage(page, adminAccount, '/account');
    const request = page.context().request;
    const csrf = (await (await request.get('/api/account/antiforgery')).json()).token;
    const rounds = [];
    const names = ['Winter 2023 round', 'Spring 2024 round'];
    for (const [i, file] of ['survey-msforms.csv', 'survey-per-option.csv'].entries()) {
      const round = await request.post('/api/rounds', {
        headers: { 'X-CSRF-TOKEN': csrf },
        data: { name: names[i], tool: 'Microsoft Forms', opensOn: `202${3 + i}-01-01`, closesOn: `202${3 + i}-02-01` },
      });
      assert.equal(round.status(), 201);
      const { id } = await round.json();
      const upload = await request.post(`/api/imports?round=${id}`, {
        headers: { 'X-CSRF-TOKEN': csrf },
        multipart: { file: { name: file, mimeType: 'text/csv', buffer: readFileSync(join(REPO_ROOT, 'data', 'sample', file)) } },
      });
      const { importId } = await upload.json();
      assert.equal((await request.post(`/api/imports/${importId}/publish`, { headers: { 'X-CSRF-TOKEN': csrf } })).status(), 200);
      rounds.push(id);
    }
    await page.goto('/analysis');
    await drawn(page);
    // The rounds are chosen by their names, as /api/rounds lists them.
    await page.selectOption('#analysis-round', { label: 'Survey round: Winter 2023 round (1 February 2023)' });
    await page.waitForFunction(() => document.querySelector('#analysis-status')?.textContent.includes('Winter 2023 round'));
    await page.selectOption('#analysis-compare', { label: 'Survey round: Spring 2024 round (1 February 2024)' });
    await page.waitForFunction(() => document.querySelector('#rounds-section')?.textContent.includes('Spring 2024 round'));
    await drawn(page);
    const changes = (await (await request.get(`/odata/survey/analysis/RoundChanges?$filter=Since eq ${rounds[0]} and Round eq ${rounds[1]}`)).json()).value;
    const unchanged = changes.filter((c) => c.Change === 'unchanged').length;
    assert.match(await page.textContent('#rounds-section'), new RegExp(`${unchanged} unchanged`));
    const header = await page.locator('#rounds-section table >> nth=0').locator('thead th').allTextContents();
    assert.deepEqual(header, ['Area', ...names, 'Difference']);
    assert.equal(await page.locator('#rounds-section figure.chart svg').count(), 2);
    assert.deepEqual(await violations(), []);
    await context.close();
  });
});
