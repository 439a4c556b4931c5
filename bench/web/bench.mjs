// Browser benchmark of the map front end (run by bench/web/run.sh against a server it started).
// Each run is a fresh browser context (empty HTTP cache); times are from navigation start, taken in the
// page by a MutationObserver: "first results" = the first li.result in the list, "markers" = the map
// says every marker has been added (#map[data-markers-complete=true]). Not a test: it prints figures.

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { chromium } = createRequire(join(root, 'web', 'package.json'))('playwright-core');

const base = process.argv[2];
const RUNS = Number(process.env.RUNS ?? 5);
const SLOW_RUNS = Number(process.env.SLOW_RUNS ?? 3);
// Chromium DevTools' "Fast 3G" preset.
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

const WATCH = () => {
  window.benchTimes = {};
  new MutationObserver(() => {
    const times = window.benchTimes;
    if (!times.first && document.querySelector('#results-list > li')) times.first = performance.now();
    if (!times.markers && document.getElementById('map')?.dataset.markersComplete === 'true') {
      times.markers = performance.now();
      times.onMap = Number(document.getElementById('map').dataset.interventions);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
};

async function run(browser, url, { slow = false, waitForMarkers = true } = {}) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await context.addInitScript(WATCH);
  const page = await context.newPage();
  const failures = [];
  page.on('response', (r) => { if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`); });
  let bytes = 0;
  if (slow) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', FAST_3G);
    cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  }
  await page.goto(`${base}${url}`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.benchTimes?.first, null, { timeout: 60_000, polling: 50 });
  const firstBytes = bytes;
  if (waitForMarkers) await page.waitForFunction(() => window.benchTimes?.markers, null, { timeout: 60_000, polling: 50 });
  const times = await page.evaluate(() => window.benchTimes);
  await context.close();
  if (failures.length) throw new Error(`unexpected answers: ${failures.join(', ')}`);
  return { ...times, firstBytes };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const ms = (v) => (v == null ? '-' : `${Math.round(v)} ms`);

async function markerCount(area) {
  // The answer as the front end asks for it (names load with the list's pages and popups).
  const response = await fetch(`${base}/api/geo/markers?area=${area}&names=false&filter=${encodeURIComponent("Status ne 'closed'")}`);
  if (!response.ok) throw new Error(`markers for ${area}: ${response.status}`);
  const text = await response.text();
  return { count: JSON.parse(`${text.slice(0, text.indexOf('\n'))}]}`).count, bytes: text.length };
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
try {
  for (const [area, name] of [['VR-NW', 'North Wales'], ['W92000004', 'Wales']]) {
    const { count, bytes } = await markerCount(area);
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await run(browser, `/?area=${area}`));
    for (const r of runs) {
      if (r.onMap !== count) throw new Error(`${name}: ${r.onMap} interventions on the map, ${count} results`);
    }
    console.log(`loopback  ${name.padEnd(11)} ${String(count).padStart(5)} results (markers answer ${Math.round(bytes / 1024)} KB)`
      + `  first results median ${ms(median(runs.map((r) => r.first)))} [${runs.map((r) => Math.round(r.first)).join(', ')}]`
      + `  all markers drawn median ${ms(median(runs.map((r) => r.markers)))} [${runs.map((r) => Math.round(r.markers)).join(', ')}]`);
  }
  for (const [area, name] of [['VR-NW', 'North Wales']]) {
    const runs = [];
    for (let i = 0; i < SLOW_RUNS; i++) runs.push(await run(browser, `/?area=${area}`, { slow: true, waitForMarkers: false }));
    console.log(`Fast 3G   ${name.padEnd(11)} first results median ${ms(median(runs.map((r) => r.first)))}`
      + ` [${runs.map((r) => Math.round(r.first)).join(', ')}], ${Math.round(median(runs.map((r) => r.firstBytes)) / 1024)} KB on the wire by then`);
  }
} finally {
  await browser.close();
}
