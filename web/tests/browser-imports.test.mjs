// The survey imports page (/analysis/imports): an analyst checks a shipped sample export with a dry run, filters
// its report to the rejected row and reads the problem in plain words, stages it and reads the raw answers; an
// administrator previews the publish, publishes and follows a link to a changed listing; the page in Welsh; axe.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingPrerequisite, startServer, REPO_ROOT } from './support/server.mjs';
import { launchChromium, newPage, settled, seriousViolations } from './support/browser.mjs';
import { createAdmin, invite, signInPage } from './support/accounts.mjs';

const skip = missingPrerequisite();
const SHOTS = '/tmp/shots-imports';
const SAMPLE = join(REPO_ROOT, 'data', 'sample', 'survey-msforms.csv');
const REJECTED = "'Name of the intervention' must be answered, but this row leaves it blank.";

describe('the survey imports page', { skip: skip ?? false, timeout: 300_000 }, () => {
  let server;
  let browser;
  let admin;
  let analyst;
  let importId;
  let changedListing;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // One address (127.0.0.1) plays an analyst and an administrator at once here, and every read under /api/imports
    // is an "expensive" request (30 a minute per address): the limits have tests of their own.
    server = await startServer({ env: { RateLimits__Enabled: 'false' } });
    browser = await launchChromium();
    admin = await createAdmin(server);
    analyst = await invite(server, admin, { email: 'analyst@example.org', role: 'analyst' });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets an analyst check a sample export, filter its report to the rejected row and stage it', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    await signInPage(page, analyst, '/analysis/imports');
    await settled(page);
    assert.equal((await page.textContent('#workspace-view h1')).trim(), 'Survey imports');
    assert.equal(await page.getAttribute('.workspace-nav a[href="/analysis/imports"]', 'aria-current'), 'page');
    assert.equal(await page.getAttribute('.workspace-nav a[href="/analysis"]', 'aria-current'), null);

    await page.getByLabel('Survey export').setInputFiles(SAMPLE);
    await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
    await page.getByRole('heading', { name: 'Dry run report' }).waitFor();
    assert.match(await page.textContent('.imports-status'), /The report is ready: 61 rows read\./);
    assert.equal(await page.getAttribute('[role="progressbar"]', 'aria-valuenow'), '100');
    assert.match(await page.textContent('.imports-results'), /Nothing was stored/);

    await page.getByLabel('Show rows').selectOption('rejected');
    const rows = page.locator('.imports-results tbody tr');
    assert.equal(await rows.count(), 1);
    assert.equal((await rows.first().locator('th').textContent()).trim(), '7');
    assert.match(await rows.first().textContent(), new RegExp(REJECTED.replace(/[.'()]/g, '\\$&')));
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: `${SHOTS}/dry-run-1280.png`, fullPage: true });

    await page.getByRole('button', { name: 'Stage these rows for review' }).click();
    await page.waitForURL(/\/analysis\/imports\/\d+\?staged=1$/);
    importId = Number(/imports\/(\d+)/.exec(page.url())[1]);
    await page.getByRole('heading', { name: `Import ${importId}: survey-msforms.csv` }).waitFor();
    assert.match(await page.textContent('.imports-status'), new RegExp(`Staged as import ${importId}\\.`));
    // Analysts read and stage; publishing and erasure are administrators' (the API refuses them too).
    assert.equal(await page.getByRole('button', { name: 'Preview publishing' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: /Erase/ }).count(), 0);

    await page.getByLabel('Show rows').selectOption('rejected');
    await page.getByText('Rows shown: 1.').waitFor();
    const row = page.locator('tr[data-row="7"]');
    assert.match(await row.textContent(), /must be answered, but this row leaves it blank/);
    const answers = page.locator('tr[data-answers-of="7"]');
    await answers.getByText('Answers of row 7').click();
    const received = answers.locator('.imports-answers-grid > div').first();
    assert.match(await received.textContent(), /Organisation name\s*Teulu Diogel Wales \(synthetic\)/);
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: `${SHOTS}/staged-1280.png`, fullPage: true });
    await context.close();

    const narrow = await newPage(browser, server.baseUrl, { viewport: { width: 320, height: 800 } });
    await signInPage(narrow.page, analyst, `/analysis/imports/${importId}`);
    await settled(narrow.page);
    await narrow.page.getByText(/Rows shown: \d+\./).waitFor();
    await narrow.page.screenshot({ path: `${SHOTS}/staged-320.png`, fullPage: false });
    const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px at 320 px`);
    // A row's answers are read without scrolling sideways (the table beside them may scroll), and an answer written
    // on several lines keeps its line breaks.
    const third = narrow.page.locator('tr[data-answers-of="3"] details');
    await third.locator('summary').click();
    const box = await third.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 320, `row 3's answers span ${Math.round(box.x)} to ${Math.round(box.x + box.width)} px at 320 px`);
    const description = third.locator('dd', { hasText: 'Runs in two parts' }).first();
    assert.match(await description.innerText(), /Runs in two parts:\r?\n1\. a 12-week group/);
    await third.scrollIntoViewIfNeeded();
    await narrow.page.screenshot({ path: `${SHOTS}/staged-answers-320.png`, fullPage: false });
    await narrow.context.close();
  });

  it('shows the page in Welsh, headings and filters included', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    await signInPage(page, analyst, '/analysis/imports?lang=cy');
    await settled(page);
    assert.equal((await page.textContent('#workspace-view h1')).trim(), 'Mewnforion arolwg');
    await page.getByRole('heading', { name: 'Mewnforion blaenorol' }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    // A file that is not an export is refused in Welsh, as the rest of the page speaks.
    await page.getByLabel('Allforyn arolwg').setInputFiles({ name: 'adroddiad.csv', mimeType: 'text/csv', buffer: Buffer.from('%PDF-1.7\n1 0 obj\n') });
    await page.getByRole('button', { name: "Gwirio'r ffeil (rhediad prawf)" }).click();
    await page.getByRole('heading', { name: "Nid oedd modd mewnforio'r ffeil" }).waitFor();
    assert.equal((await page.textContent('.imports-results .error-summary')).trim(), "PDF yw hwn, nid allforyn CSV o'r arolwg.");
    await page.locator('.imports-results').screenshot({ path: `${SHOTS}/refused-cy-1280.png` });

    await page.goto(`/analysis/imports/${importId}?lang=cy`);
    await settled(page);
    await page.getByRole('heading', { name: 'Rhesi a lwyfannwyd' }).waitFor();
    // The encoding's evidence, kept in both languages by the import, is in Welsh here.
    assert.match(await page.textContent('#workspace-view'), /UTF-8: nod trefn beit; 19 dilyniant aml-feit, dim beit annilys/);
    const options = await page.getByLabel('Dangos rhesi').locator('option').allTextContents();
    assert.ok(options.includes("Wedi'u gwrthod") && options.includes('Rhannol (wedi\'u cadw, gyda rhybuddion)'), options.join(' | '));
    await page.getByLabel('Dangos rhesi').selectOption('rejected');
    await page.getByText('Rhesi a ddangosir: 1.').waitFor();
    assert.match(await page.locator('tr[data-row="7"]').textContent(), /Rhaid ateb 'Name of the intervention'/);
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: `${SHOTS}/staged-cy-1280.png`, fullPage: true });
    await context.close();
  });

  it('lets an admin preview the publish, publish, and follow a link to a changed listing', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    await signInPage(page, { email: 'admin@example.org' }, `/analysis/imports/${importId}`);
    await settled(page);
    await page.getByRole('button', { name: 'Preview publishing' }).click();
    await page.getByRole('heading', { name: 'What publishing would do' }).waitFor();
    const planned = Number(await page.locator('.imports-publish-area .imports-totals div', { hasText: 'New listings' }).locator('dd').textContent());
    assert.ok(planned > 0, 'the preview plans new listings');
    assert.match(await page.textContent('.imports-publish-area'), /Nothing has changed yet\./);
    // The preview stored nothing: no staged row is published yet.
    const before = await admin.fetch('GET', `/api/imports/${importId}/responses?outcome=accepted&top=500`);
    assert.equal(before.filter((r) => r.publishedInterventionId).length, 0);
    assert.deepEqual(await seriousViolations(page), []);
    await page.locator('.imports-publish').screenshot({ path: `${SHOTS}/preview-1280.png` });

    await page.getByRole('button', { name: /^Publish now/ }).click();
    await page.getByRole('heading', { name: 'Published', exact: true }).waitFor();
    await page.locator('.imports-publish').screenshot({ path: `${SHOTS}/published-1280.png` });
    assert.match(await page.textContent('.imports-publish-area .success'), new RegExp(`Published: ${planned} listings created and 0 updated\\.`));
    const after = await admin.fetch('GET', `/api/imports/${importId}/responses?outcome=accepted&top=500`);
    const published = after.filter((r) => r.publishedInterventionId);
    assert.equal(published.length, planned);
    const link = page.locator('.imports-publish-area a[href^="/manage/listings/"]').first();
    const href = await link.getAttribute('href');
    changedListing = Number(href.split('/').pop());
    assert.ok(published.some((r) => href === `/manage/listings/${r.publishedInterventionId}`), href);
    await link.click();
    await page.waitForURL(new RegExp(`${href}$`));
    await settled(page);

    await context.close();
  });

  it('shows an admin the rows older than their listing as conflicts, overwrites the one ticked, and erases the import', async () => {
    // An administrator confirms one published listing today; then the same export, saved again (one more line ending),
    // is a new file whose answer for that listing is older than its evidence.
    await admin.fetch('POST', `/odata/Interventions(${changedListing})/Verify`);
    const copy = join(mkdtempSync(join(tmpdir(), 'blueprint-imports-')), 'survey-msforms-again.csv');
    writeFileSync(copy, `${readFileSync(SAMPLE, 'utf8')}\r\n`);
    const { context, page } = await newPage(browser, server.baseUrl);
    await signInPage(page, { email: 'admin@example.org' }, '/analysis/imports');
    await settled(page);
    await page.getByLabel('Survey export').setInputFiles(copy);
    await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
    await page.getByRole('button', { name: 'Stage these rows for review' }).click();
    await page.waitForURL(/\/analysis\/imports\/\d+\?staged=1$/);
    const again = Number(/imports\/(\d+)/.exec(page.url())[1]);
    assert.notEqual(again, importId);

    await page.getByRole('button', { name: 'Preview publishing' }).click();
    const conflicts = page.getByRole('table', { name: 'Skipped as older than the listing' });
    await conflicts.waitFor();
    assert.equal(await conflicts.locator('tbody tr').count(), 1);
    const first = conflicts.locator('tbody tr').first();
    assert.equal(await first.locator(`a[href="/manage/listings/${changedListing}"]`).count(), 1);
    assert.match(await first.textContent(), /December 2023/);
    assert.match(await first.textContent(), new RegExp(String(new Date().getUTCFullYear())));
    await first.getByRole('checkbox').check();
    await page.getByRole('button', { name: /^Publish now/ }).click();
    await page.getByRole('heading', { name: 'Published', exact: true }).waitFor();
    assert.match(await page.textContent('.imports-publish-area .success'), /Published: 0 listings created and \d+ updated\./);
    assert.equal(await page.locator(`.imports-publish-area a[href="/manage/listings/${changedListing}"]`).count(), 1);

    await page.getByRole('button', { name: "Erase this import's staged rows" }).click();
    await page.getByRole('button', { name: `Yes, erase import ${again}` }).click();
    await page.waitForURL(/\/analysis\/imports\?erased=\d+$/);
    await page.getByText(`Import ${again} is erased.`).waitFor();
    // The import stays listed, marked erased: its anonymised answers still count in the round's analysis.
    const imports = await admin.fetch('GET', '/api/imports');
    assert.deepEqual(imports.map((i) => i.id), [again, importId]);
    assert.ok(imports[0].erasedAt, 'the erased import carries when it was erased');
    assert.match(await page.locator('.imports-past tbody tr').first().textContent(), /personal data erased/);
    await context.close();
  });

  it('suggests a draft profile when none fits a reworded export, and runs the dry run with it', async () => {
    // The sample export with three questions reworded, as another round's tool might word them.
    const [header, ...rest] = readFileSync(SAMPLE, 'utf8').split('\n');
    const reworded = join(mkdtempSync(join(tmpdir(), 'blueprint-imports-')), 'survey-reworded.csv');
    writeFileSync(reworded, [header.replace('Organisation name', 'Q1. Name of your organization').replace('Name of the intervention', 'Q8. Programme name')
      .replace('May we publish this intervention in the interventions directory?', 'Q6. Can we list this programme in the directory?'), ...rest].join('\n'));
    const { context, page } = await newPage(browser, server.baseUrl);
    await signInPage(page, analyst, '/analysis/imports');
    await settled(page);
    await page.getByLabel('Survey export').setInputFiles(reworded);
    await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
    await page.getByRole('heading', { name: 'The file could not be imported' }).waitFor();
    await page.getByRole('heading', { name: 'Suggested profile' }).waitFor();
    const review = await page.textContent('.imports-suggestion');
    assert.match(review, /Q8\. Programme name\s*interventionName/);
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: `${SHOTS}/suggestion-1280.png`, fullPage: true });

    await page.getByRole('button', { name: 'Use this draft for a dry run' }).click();
    await page.getByRole('heading', { name: 'Dry run report' }).waitFor();
    assert.match(await page.textContent('.imports-results'), /a draft profile sent with the file/);
    assert.match(await page.textContent('.imports-status'), /The report is ready: 61 rows read\./);
    await context.close();
  });

});
