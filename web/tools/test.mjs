// Runs every front-end test file (or the files named), one at a time. The browser files that only read the
// sample directory share one server, started here once and stopped at the end (BLUEPRINT_SHARED_URL; their
// startServer({ shared: true }) uses it); the files that change data or need other settings start their own.

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_DLL, REPO_ROOT, missingPrerequisite, startServer } from '../tests/support/server.mjs';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const named = process.argv.slice(2);
const files = named.length ? named : readdirSync(join(web, 'tests')).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => join('tests', f));

/** Runs `migrate` (migrations, reference data and the sample) once; every server then starts from a copy. */
async function seededTemplate(dir) {
  const path = join(dir, 'template.db');
  const child = spawn('dotnet', [API_DLL, 'migrate'], {
    cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ConnectionStrings__Blueprint: `Data Source=${path}`, DOTNET_NOLOGO: '1' },
  });
  const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  if (code !== 0) throw new Error(`migrate exited with ${code}`);
  return path;
}

const ready = !missingPrerequisite() && !process.env.BLUEPRINT_TEST_URL;
const templateDir = ready ? mkdtempSync(join(tmpdir(), 'blueprint-web-template-')) : null;
if (templateDir) process.env.BLUEPRINT_TEMPLATE_DB = await seededTemplate(templateDir);

// Seven files read the same server one after another: the per-client budgets are raised so that their sum
// stays within them (the limits themselves are tested by the .NET suite).
const shared = !ready ? null
  : await startServer({ env: { RateLimits__UncachedBudget: '5000', RateLimits__ExpensiveBudget: '500' } });

const child = spawn(process.execPath, ['--test', '--test-concurrency=1', ...files], {
  cwd: web,
  stdio: 'inherit',
  env: { ...process.env, ...(shared ? { BLUEPRINT_SHARED_URL: shared.baseUrl } : {}) },
});
const stopAll = (signal) => { child.kill(signal); };
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);
const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
await shared?.stop();
if (templateDir) rmSync(templateDir, { recursive: true, force: true });
process.exit(code);
