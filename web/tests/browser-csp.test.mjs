// The built front end runs under the Content-Security-Policy the host sends, with no violation:
// no inline script or style, nothing loaded from elsewhere. Headless Debian Chromium, real API.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { missingPrerequisite, startServer } from './support/server.mjs';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const skip = missingPrerequisite();

describe('the front end under the Content-Security-Policy', { skip: skip ?? false, timeout: 300_000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({ shared: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A page that records every CSP violation (the DOM event and the console's report) and every page error. */
  const watchedPage = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: server.baseUrl });
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
    // Injected by the browser tooling, not by the page: the policy does not apply to it.
    await context.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
      });
    });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (message) => {
      if (/content security policy|refused to/i.test(message.text())) problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const violations = async () => [...problems, ...await page.evaluate(() => window.cspViolations)];
    return { context, page, violations };
  };

  const settled = (page) => page.waitForFunction(
    () => document.body.dataset.search === location.pathname + location.search, null, { timeout: 30_000 });

  it('the search, a region with its map, legend and markers, and a listing load with no violation', async () => {
    const { context, page, violations } = await watchedPage();
    const response = await page.goto('/');
    const csp = response.headers()['content-security-policy'];
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /style-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    await settled(page);

    await page.selectOption('#area-select', 'VR-CV');
    await settled(page);
    assert.ok(await page.locator('[data-testid=map-legend] li').count() >= 3, 'the legend is drawn');
    const swatch = await page.locator('[data-testid=map-legend] li .swatch').first()
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(swatch, 'rgba(0, 0, 0, 0)', 'legend swatches are coloured from script');
    assert.ok(await page.locator('.leaflet-overlay-pane path').count() >= 22, 'boundaries are drawn');

    await page.locator('#results-list a').first().click();
    await page.waitForSelector('#detail-view:not([hidden]) h1', { timeout: 30_000 });
    await page.waitForTimeout(500);

    assert.deepEqual(await violations(), []);
    await context.close();
  });

  it('serves no source maps', async () => {
    const page = await (await browser.newContext({ baseURL: server.baseUrl })).newPage();
    await page.goto('/');
    const scripts = await page.$$eval('script[src]', (s) => s.map((e) => e.getAttribute('src')));
    assert.ok(scripts.length > 0);
    for (const src of scripts) {
      const js = await (await fetch(`${server.baseUrl}${src}`)).text();
      assert.doesNotMatch(js, /sourceMappingURL/);
      assert.notEqual((await fetch(`${server.baseUrl}${src}.map`)).status, 200);
    }
    await page.context().close();
  });
});
