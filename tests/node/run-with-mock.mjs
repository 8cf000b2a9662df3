// Node's test runner with the mock as its global setup, for Node versions without
// --test-global-setup: `node run-with-mock.mjs FILE...`. Reports in TAP; exits 1 on a failure.
import { run } from 'node:test';
import { tap } from 'node:test/reporters';
import { finished } from 'node:stream/promises';

import { globalSetup, globalTeardown } from './global-setup.mjs';

await globalSetup();
try {
  const tests = run({ files: process.argv.slice(2) });
  tests.on('test:fail', () => {
    process.exitCode = 1;
  });
  const report = tests.compose(tap);
  report.pipe(process.stdout);
  await finished(report);
} finally {
  await globalTeardown();
}
