// The mock as the global setup of Node's test runner. It starts `mock-realtime serve` on a
// free port with a self-signed CA, reads where it listens from its start-up banner (one JSON
// log line on stderr), and hands that to every test file through the environment: the
// openai package reads OPENAI_BASE_URL and OPENAI_API_KEY itself, and Node reads
// NODE_EXTRA_CA_CERTS when each test file's process starts.
//
//   node --test --test-global-setup=global-setup.mjs     (Node versions that have the flag)
//   node run-with-mock.mjs FILE...                        (any Node 20+)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const STARTUP_MS = 30_000;
let mock;
let certificates;

export async function globalSetup() {
  certificates = mkdtempSync(join(tmpdir(), 'mock-realtime-tls-'));
  mock = spawn('mock-realtime', ['serve', '--port', '0', '--log-format', 'json', '--self-signed', certificates], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const banner = await readBanner(mock);
  Object.assign(process.env, {
    OPENAI_BASE_URL: banner.base_url,
    OPENAI_API_KEY: 'sk-test-for-the-mock',
    NODE_EXTRA_CA_CERTS: banner.ca_file,
    REALTIME_MOCK_URL: banner.admin_url.replace(/\/__mock\/$/, ''),
    REALTIME_MOCK_WS_URL: banner.websocket_url,
  });
}

export async function globalTeardown() {
  if (mock && mock.exitCode === null) {
    const exited = once(mock, 'exit');
    mock.kill('SIGTERM');
    await exited;
  }
  if (certificates) rmSync(certificates, { recursive: true, force: true });
}

function readBanner(child) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up banner within ${STARTUP_MS} ms`)), STARTUP_MS);
    child.once('error', reject); // not on PATH, for one
    child.once('exit', (code) => reject(new Error(`mock-realtime exited (${code}) before it listened`)));
    // Every line is read, the banner's and the access log's after it, so stderr never fills up.
    createInterface({ input: child.stderr }).on('line', (line) => {
      const entry = parseLine(line);
      if (entry?.logger === 'mock_realtime.banner') {
        clearTimeout(timer);
        resolve(entry);
      }
    });
  });
}

function parseLine(line) {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}
