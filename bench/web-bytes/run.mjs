// Bytes on the wire for the map front end: a first visit, choosing a region, and filter changes.
//
//   node bench/web-bytes/run.mjs            (needs `dotnet build src/Blueprint.Api -c Release` and `npm run build --prefix web`)
//   node bench/web-bytes/run.mjs --detail   (also lists every response of the first visit)
//
// Starts the built Release API on a free loopback port with a fresh SQLite database seeded with the
// shipped sample (web/tests/support/server.mjs), drives Debian Chromium through playwright-core and adds
// up CDP's Network.loadingFinished encodedDataLength (the bytes received for each response, headers and
// compression included). Exits non-zero if a response it did not expect is not 2xx/304.

import { createRequire } from 'node:module';
import { startServer, missingPrerequisite } from '../../web/tests/support/server.mjs';

const require = createRequire(new URL('../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const detail = process.argv.includes('--detail');

const missing = missingPrerequisite();
if (missing) {
  console.error(`cannot run: ${missing}`);
  process.exit(2);
}

const server = await startServer();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
let failed = false;

/** A fresh browser profile whose received bytes are counted; take() returns and resets the count. */
async function counted() {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 900 } });
  // No request interception: Playwright turns the HTTP cache off when routing, and the cache is measured here.
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const requests = new Map();
  let entries = [];
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    requests.set(requestId, { url: response.url, status: response.status, encoding: response.headers['content-encoding'] ?? response.headers['Content-Encoding'] ?? '' });
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const request = requests.get(requestId) ?? { url: '?', status: 0, encoding: '' };
    if (request.url.startsWith('data:')) return;
    if (!(request.status >= 200 && request.status < 300) && request.status !== 304) {
      console.error(`unexpected ${request.status} for ${request.url}`);
      failed = true;
    }
    entries.push({ ...request, bytes: encodedDataLength });
  });
  const settled = () => page.waitForFunction(
    () => document.body.dataset.search === location.pathname + location.search, null, { timeout: 30_000 });
  const quiet = () => page.waitForLoadState('networkidle');
  const take = () => {
    const taken = entries;
    entries = [];
    return { bytes: taken.reduce((n, e) => n + e.bytes, 0), entries: taken };
  };
  return { context, page, settled, quiet, take };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const rows = [];
const show = (label, { bytes, entries }) => {
  rows.push({ label, bytes, requests: entries.length });
  if (detail) {
    console.log(`\n${label}`);
    for (const e of entries) console.log(`  ${String(e.bytes).padStart(8)}  ${e.status} ${(e.encoding || '-').padEnd(4)} ${e.url.replace(server.baseUrl, '')}`);
  }
};

try {
  // 1. First visit to the start page, then choosing a region, then three filter changes.
  const a = await counted();
  await a.page.goto('/');
  await a.settled();
  await a.quiet();
  show('first visit, /', a.take());

  await a.page.selectOption('#area-select', 'VR-NW');
  await a.settled();
  await a.quiet();
  show('choose a region (North Wales)', a.take());

  for (const [facet, code] of [['language', 'cy'], ['risk', 'high'], ['language', 'en']]) {
    await a.page.locator(`details[data-facet=${facet}]`).evaluate((d) => { d.open = true; });
    await a.page.check(`#f-${facet}-${code}`);
    await a.page.waitForURL(new RegExp(`${code}`));
    await a.settled();
    await a.quiet();
    show(`filter change (${facet}=${code})`, a.take());
  }
  await a.page.selectOption('#map-kind', 'health-board');
  await a.settled();
  await a.quiet();
  show('shade the map by health board', a.take());
  await a.context.close();

  // 2. First visit straight to a results page (a shared link), and the same page again in the same profile.
  const b = await counted();
  await b.page.goto('/?area=W06000002');
  await b.settled();
  await b.quiet();
  show('first visit, /?area=W06000002 (Gwynedd)', b.take());
  await b.page.reload();
  await b.settled();
  await b.quiet();
  show('reload of the same page (warm cache)', b.take());
  await b.context.close();
} finally {
  await browser.close();
  await server.stop();
}

console.log('\n| step | requests | on the wire |\n| --- | ---: | ---: |');
for (const r of rows) console.log(`| ${r.label} | ${r.requests} | ${kb(r.bytes)} |`);
process.exit(failed ? 1 : 0);
