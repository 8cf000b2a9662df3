// The official openai package's beta OpenAIRealtimeWS. Its URL is always wss:// (it sets
// the protocol itself), so it reaches the mock only over the mock's own TLS: OPENAI_BASE_URL
// is the https:// base URL and NODE_EXTRA_CA_CERTS the mock's CA file; nothing else changes.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';

import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/beta/realtime/ws';

import { MODEL, nextEvent } from './mock.mjs';

async function openRealtime(client, t) {
  const rt = new OpenAIRealtimeWS({ model: MODEL }, client);
  const errors = [];
  rt.on('error', (error) => errors.push(error));
  t.after(() => rt.close());
  const [created] = await Promise.all([nextEvent(rt, 'session.created'), once(rt.socket, 'open')]);
  return { rt, errors, created };
}

test('OpenAIRealtimeWS (beta) connects over wss://, gets session.created and round-trips session.update', async (t) => {
  const { rt, errors, created } = await openRealtime(new OpenAI(), t);
  assert.match(rt.url.href, /^wss:\/\//);
  assert.equal(created.session.model, MODEL);
  const updated = nextEvent(rt, 'session.updated');
  rt.send({ type: 'session.update', session: { instructions: 'Answer in haiku.', voice: 'sage' } });
  const { session } = await updated;
  assert.deepEqual([session.id, session.instructions, session.voice], [created.session.id, 'Answer in haiku.', 'sage']);
  assert.deepEqual(errors, []);
});

test('OpenAIRealtimeWS (beta) with a minted ek_ key sees the minted session; a bad update is an error', async (t) => {
  const minted = await new OpenAI().beta.realtime.sessions.create({ model: MODEL, voice: 'echo' });
  const browserSide = new OpenAI({ apiKey: minted.client_secret.value });
  const { rt, errors, created } = await openRealtime(browserSide, t);
  assert.deepEqual([created.session.id, created.session.voice], [minted.id, 'echo']);
  const refused = nextEvent(rt, 'error');
  rt.send({ type: 'session.update', event_id: 'evt_node_1', session: { temperature: 5 } });
  const error = await refused;
  assert.deepEqual([error.error.param, error.error.code, error.error.event_id], [
    'session.temperature', 'decimal_above_max_value', 'evt_node_1',
  ]);
  assert.equal(errors.length, 1);
});
