// The official openai package's GA REST call, pointed at the mock through OPENAI_BASE_URL alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import OpenAI from 'openai';

import { admin, GA_MODEL } from './mock.mjs';

const client = new OpenAI({ maxRetries: 0 });

test('realtime.clientSecrets.create mints an ek_ secret beside its realtime session', async () => {
  const before = Math.floor(Date.now() / 1000);
  const secret = await client.realtime.clientSecrets.create({
    session: { type: 'realtime', model: GA_MODEL, instructions: 'Answer in haiku.' },
  });
  assert.match(secret.value, /^ek_/);
  assert.deepEqual([secret.session.type, secret.session.model, secret.session.instructions], [
    'realtime', GA_MODEL, 'Answer in haiku.',
  ]);
  // expires_after.seconds defaults to 600
  assert.ok(secret.expires_at >= before + 600 && secret.expires_at <= before + 602, `expires_at ${secret.expires_at}`);
  const known = await admin(`/secrets/${secret.value}`);
  assert.deepEqual([known.status, known.body.valid], [200, true]);
});

test('realtime.clientSecrets.create refuses expires_after.seconds below 10', async () => {
  const error = await client.realtime.clientSecrets.create({
    expires_after: { anchor: 'created_at', seconds: 5 }, session: { type: 'realtime', model: GA_MODEL },
  }).then(() => assert.fail('the mock accepted 5 seconds'), (caught) => caught);
  assert.ok(error instanceof OpenAI.BadRequestError, `expected a BadRequestError, got ${error}`);
  assert.deepEqual([error.status, error.type, error.param], [400, 'invalid_request_error', 'expires_after.seconds']);
});
