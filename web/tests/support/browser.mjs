// Shared by the browser test files: Chromium launch, a page that never leaves the machine, waiting
// for a URL to be shown in full, and axe's serious and critical violations.

import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchChromium() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A fresh context and page on the test server; any other host is answered locally. */
export async function newPage(browser, baseUrl, { viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport, baseURL: baseUrl });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<title>elsewhere</title>' }));
  const page = await context.newPage();
  page.on('pageerror', (error) => { throw error; });
  return { context, page };
}

/** Waits until the page has shown everything for its current URL (a first load on a busy machine can take long). */
export async function settled(page) {
  try {
    await page.waitForFunction(
      () => document.body.dataset.search === location.pathname + location.search, null, { timeout: 60_000 });
  } catch (error) {
    // Say what the page showed instead (an error message, a list still loading), for whoever reads the CI log.
    const shown = await page.evaluate(() => `${location.pathname}${location.search}: `
      + `"${document.getElementById('results-status')?.textContent ?? ''}"`).catch(() => 'the page is gone');
    error.message += `\nThe page showed ${shown}`;
    throw error;
  }
}

export async function seriousViolations(page) {
  // From the top of the page: scrolled, whatever passes under the sticky exit bar counts as covered.
  await page.evaluate(() => window.scrollTo(0, 0));
  // Let Leaflet's fade and cluster animations finish: a half-faded label is not what a reader sees.
  await page.waitForTimeout(800);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  // WCAG 2.5.8's "equivalent" exception: overlapping map clusters may be small targets because every
  // result they lead to is also a full-size link in the results list on the same page.
  const equivalentInList = (v, n) => v.id === 'target-size' && n.target.join(' ').includes('marker-cluster');
  return results.violations
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !equivalentInList(v, n)) }))
    .filter((v) => v.nodes.length > 0)
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
}
