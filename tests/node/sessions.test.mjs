// The official openai package's REST call for the beta Realtime API, pointed at the mock
// through OPENAI_BASE_URL alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import OpenAI from 'openai';

import { admin, MODEL } from './mock.mjs';

const client = new OpenAI({ maxRetries: 0 });

test('beta.realtime.sessions.create mints a session whose ek_ secret the mock knows', async () => {
  const session = await client.beta.realtime.sessions.create({ model: MODEL, voice: 'verse' });
  assert.match(session.id, /^sess_/);
  assert.match(session.client_secret.value, /^ek_/);
  assert.equal(session.voice, 'verse');
  assert.equal(session.temperature, 0.8); // the documented default
  const secret = await admin(`/secrets/${session.client_secret.value}`);
  assert.deepEqual([secret.status, secret.body.valid, secret.body.session_id], [200, true, session.id]);
});

test('beta.realtime.sessions.create rejects a temperature above 1.2 with OpenAI\'s error', async () => {
  const error = await client.beta.realtime.sessions.create({ model: MODEL, temperature: 2 }).then(
    () => assert.fail('the mock accepted temperature 2'),
    (caught) => caught,
  );
  assert.ok(error instanceof OpenAI.BadRequestError, `expected a BadRequestError, got ${error}`);
  assert.equal(error.status, 400);
  assert.deepEqual([error.type, error.param, error.code], [
    'invalid_request_error', 'temperature', 'decimal_above_max_value',
  ]);
  assert.equal(error.error.message,
    "Invalid 'temperature': decimal above maximum value. Expected a value <= 1.2, but got 2 instead.");
});
