// Runs every front-end test file (or the files named), one at a time. The browser files that only read the
// sample directory share one server, started here once and stopped at the end (BLUEPRINT_SHARED_URL; their
// startServer({ shared: true }) uses it); the files that change data or need other settings start their own.

import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingPrerequisite, startServer } from '../tests/support/server.mjs';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const named = process.argv.slice(2);
const files = named.length ? named : readdirSync(join(web, 'tests')).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => join('tests', f));

// Seven files read the same server one after another: the per-client budgets are raised so that their sum
// stays within them (the limits themselves are tested by the .NET suite).
const shared = missingPrerequisite() || process.env.BLUEPRINT_TEST_URL ? null
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
process.exit(code);
