// The official openai package's GA OpenAIRealtimeWS: like the beta one it always opens wss://,
// so it reaches the mock over the mock's own TLS (OPENAI_BASE_URL https://, NODE_EXTRA_CA_CERTS).
// It sends no OpenAI-Beta header, so the mock speaks the GA protocol.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';

import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';

import { GA_MODEL, nextEvent } from './mock.mjs';

async function openRealtime(client, t) {
  const rt = new OpenAIRealtimeWS({ model: GA_MODEL }, client);
  const errors = [];
  rt.on('error', (error) => errors.push(error));
  t.after(() => rt.close());
  const [created] = await Promise.all([nextEvent(rt, 'session.created'), once(rt.socket, 'open')]);
  return { rt, errors, created };
}

test('OpenAIRealtimeWS (GA) gets a GA session.created and round-trips session.update', async (t) => {
  const { rt, errors, created } = await openRealtime(new OpenAI(), t);
  assert.match(rt.url.href, /^wss:\/\//);
  assert.deepEqual([created.session.type, created.session.model], ['realtime', GA_MODEL]);
  const updated = nextEvent(rt, 'session.updated');
  rt.send({ type: 'session.update', session: { type: 'realtime', instructions: 'Answer in haiku.' } });
  const { session } = await updated;
  assert.deepEqual([session.id, session.type, session.instructions], [created.session.id, 'realtime', 'Answer in haiku.']);
  assert.deepEqual(errors, []);
});

test('OpenAIRealtimeWS (GA) with a client secret sees the session it was minted for', async (t) => {
  const secret = await new OpenAI().realtime.clientSecrets.create({
    session: { type: 'realtime', model: GA_MODEL, instructions: 'Minted for the browser.' },
  });
  const { created, errors } = await openRealtime(new OpenAI({ apiKey: secret.value }), t);
  assert.deepEqual([created.session.type, created.session.instructions], ['realtime', 'Minted for the browser.']);
  assert.deepEqual(errors, []);
});
