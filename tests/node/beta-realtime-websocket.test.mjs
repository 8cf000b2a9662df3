// The official openai package's beta OpenAIRealtimeWebSocket, the helper for runtimes with a
// global WebSocket (browsers; Node 22+, or Node 20 with --experimental-websocket). It sends the
// key in the browser subprotocols, and like OpenAIRealtimeWS it always opens wss://.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import OpenAI from 'openai';
import { OpenAIRealtimeWebSocket } from 'openai/beta/realtime/websocket';

import { MODEL, nextEvent } from './mock.mjs';

test('OpenAIRealtimeWebSocket (beta) with a minted ek_ key: session.created, then a session.update round trip', async (t) => {
  assert.equal(typeof WebSocket, 'function', 'this Node has no global WebSocket');
  const minted = await new OpenAI().beta.realtime.sessions.create({ model: MODEL, voice: 'ash' });
  const rt = new OpenAIRealtimeWebSocket({ model: MODEL }, new OpenAI({ apiKey: minted.client_secret.value }));
  const errors = [];
  rt.on('error', (error) => errors.push(error));
  t.after(() => rt.close());
  const created = await nextEvent(rt, 'session.created');
  assert.deepEqual([created.session.id, created.session.voice], [minted.id, 'ash']);
  const updated = nextEvent(rt, 'session.updated');
  rt.send({ type: 'session.update', session: { instructions: 'Answer in haiku.' } });
  assert.equal((await updated).session.instructions, 'Answer in haiku.');
  assert.deepEqual(errors, []);
});
