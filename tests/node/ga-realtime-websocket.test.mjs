// The official openai package's GA OpenAIRealtimeWebSocket (global WebSocket: Node 22+, or
// Node 20 with --experimental-websocket), with a GA client secret in the subprotocols.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import OpenAI from 'openai';
import { OpenAIRealtimeWebSocket } from 'openai/realtime/websocket';

import { GA_MODEL, nextEvent } from './mock.mjs';

test('OpenAIRealtimeWebSocket (GA) with a client secret: session.created, then a session.update round trip', async (t) => {
  assert.equal(typeof WebSocket, 'function', 'this Node has no global WebSocket');
  const secret = await new OpenAI().realtime.clientSecrets.create({ session: { type: 'realtime', model: GA_MODEL } });
  const rt = new OpenAIRealtimeWebSocket({ model: GA_MODEL }, new OpenAI({ apiKey: secret.value }));
  const errors = [];
  rt.on('error', (error) => errors.push(error));
  t.after(() => rt.close());
  const created = await nextEvent(rt, 'session.created');
  assert.deepEqual([created.session.type, created.session.model], ['realtime', GA_MODEL]);
  const updated = nextEvent(rt, 'session.updated');
  rt.send({ type: 'session.update', session: { type: 'realtime', instructions: 'Answer in haiku.' } });
  assert.equal((await updated).session.instructions, 'Answer in haiku.');
  assert.deepEqual(errors, []);
});
