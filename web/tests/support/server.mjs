// Starts the real Blueprint API (already built in Release) on a free loopback port with a fresh
// SQLite database, serving web/dist; stops only the process group it started.

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
// BLUEPRINT_REPO_ROOT points the tests at another checkout's built API (the default is this one).
export const REPO_ROOT = resolve(process.env.BLUEPRINT_REPO_ROOT ?? join(WEB_ROOT, '..'));
const API_PROJECT = join(REPO_ROOT, 'src', 'Blueprint.Api');
// The Release build that `make build` leaves; run directly (`dotnet run` would evaluate the project first).
export const API_DLL = join(API_PROJECT, 'bin', 'Release', 'net10.0', 'Blueprint.Api.dll');

/** Why the browser tests cannot run here, or null when they can. */
export function missingPrerequisite() {
  if (!existsSync(API_DLL)) return `no Release build of the API at ${API_DLL}: run \`make build\``;
  if (!existsSync(join(WEB_ROOT, 'dist', 'index.html'))) return 'web/dist is not built: run `npm run build`';
  if (!existsSync('/usr/bin/chromium')) return 'no /usr/bin/chromium: run web/tools/ensure-chromium.sh';
  return null;
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * @param {{ timeoutMs?: number, env?: Record<string, string>, shared?: boolean }} options env: extra settings
 * (e.g. Map__ExitUrl); shared: the file only reads the sample directory, so it may use the server that
 * tools/test.mjs starts once for all such files (BLUEPRINT_SHARED_URL) instead of a fresh one.
 */
export async function startServer({ timeoutMs = 120_000, env = {}, shared = false } = {}) {
  // BLUEPRINT_TEST_URL uses a server that is already running instead (left running afterwards).
  const running = process.env.BLUEPRINT_TEST_URL || (shared && Object.keys(env).length === 0 ? process.env.BLUEPRINT_SHARED_URL : '');
  if (running) {
    return { baseUrl: running.replace(/\/$/, ''), stop: async () => {}, output: () => '' };
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'blueprint-web-test-'));
  // tools/test.mjs migrates and seeds one database first (BLUEPRINT_TEMPLATE_DB); each server starts from a copy.
  const template = process.env.BLUEPRINT_TEMPLATE_DB;
  if (template && existsSync(template)) copyFileSync(template, join(dataDir, 'blueprint.db'));
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn('dotnet', [API_DLL, '--urls', baseUrl], {
    cwd: REPO_ROOT,
    detached: true, // its own process group, so stopping it stops everything it started
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ConnectionStrings__Blueprint: `Data Source=${join(dataDir, 'blueprint.db')}`,
      Web__Root: join(WEB_ROOT, 'dist'),
      DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      DOTNET_NOLOGO: '1',
      // The shipped sample's LastVerified dates age with the calendar: keep its overdue listings public
      // (the counts the tests expect stay put) and send no hourly reminders. The .NET tests cover hiding.
      Listings__HideOverdue: 'false',
      Listings__SendReminders: 'false',
      // Mail lands here as .eml files (support/accounts.mjs reads invitation and reset links from it).
      Mail__PickupFolder: join(dataDir, 'mail'),
      // Production's rule (an admin must enrol in two-factor before anything else) is tested on its own.
      Accounts__RequireTwoFactorForAdmins: 'false',
      // A loaded CI machine makes the one query slot's two-second queue a coin toss for the tests' own API
      // calls; the page's answer to a busy server has its own test (browser.test.mjs), the limits theirs in .NET.
      RateLimits__QueueSeconds: '30',
      ...env,
    },
  });
  const keep = (chunk) => { output = (output + chunk).slice(-20_000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.on('exit', (code) => { exited = code; });

  const stop = async () => {
    if (exited === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const deadline = Date.now() + 10_000;
      while (exited === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (exited === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited !== null) {
      await stop();
      throw new Error(`the API exited with code ${exited} before answering /health:\n${output}`);
    }
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.status === 200) {
        return { baseUrl, stop, output: () => output, dataDir, mailFolder: join(dataDir, 'mail'), connectionString: `Data Source=${join(dataDir, 'blueprint.db')}` };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`the API did not answer /health within ${timeoutMs} ms:\n${output}`);
}
