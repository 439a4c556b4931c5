// Starts the real Blueprint API (already built in Release) on a free loopback port with a fresh
// SQLite database, serving web/dist; stops only the process group it started.

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
// BLUEPRINT_REPO_ROOT points the tests at another checkout's built API (the default is this one).
export const REPO_ROOT = resolve(process.env.BLUEPRINT_REPO_ROOT ?? join(WEB_ROOT, '..'));
const API_PROJECT = join(REPO_ROOT, 'src', 'Blueprint.Api');

/** Why the browser tests cannot run here, or null when they can. */
export function missingPrerequisite() {
  if (!existsSync(API_PROJECT)) return `no API project at ${API_PROJECT}`;
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

/** @param {{ timeoutMs?: number, env?: Record<string, string> }} options env: extra settings (e.g. Map__ExitUrl) */
export async function startServer({ timeoutMs = 120_000, env = {} } = {}) {
  // BLUEPRINT_TEST_URL uses a server that is already running instead (left running afterwards).
  if (process.env.BLUEPRINT_TEST_URL) {
    return { baseUrl: process.env.BLUEPRINT_TEST_URL.replace(/\/$/, ''), stop: async () => {}, output: () => '' };
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'blueprint-web-test-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn('dotnet', [
    'run', '--project', 'src/Blueprint.Api', '-c', 'Release', '--no-build', '--no-launch-profile', '--urls', baseUrl,
  ], {
    cwd: REPO_ROOT,
    detached: true, // its own process group, so stopping it stops the app that `dotnet run` starts
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
