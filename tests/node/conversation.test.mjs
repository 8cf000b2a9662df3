// A whole turn with the community openai-realtime-api client: sendUserMessageContent sends the
// message and response.create, and the client assembles the scripted reply from the stream
// (its conversation model throws on any delta for an item it was not told about first).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { RealtimeClient } from 'openai-realtime-api';

import { mockURL, MODEL, nextEvent } from './mock.mjs';

async function script(reply) {
  const response = await fetch(`${mockURL('REALTIME_MOCK_URL')}/__mock/replies`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(reply),
  });
  assert.equal(response.status, 200);
}

test('sendUserMessageContent gets the scripted reply as text and audio, with no error', async (t) => {
  await script({ text: 'Ahoy from the mock.' });
  const client = new RealtimeClient({ url: mockURL('REALTIME_MOCK_WS_URL'), apiKey: process.env.OPENAI_API_KEY, model: MODEL });
  t.after(() => client.disconnect());
  const errors = [];
  client.on('error', (error) => errors.push(error));
  client.realtime.on('server.error', (event) => errors.push(event.error));
  const configured = nextEvent(client.realtime, 'server.session.updated');
  await client.connect();
  await configured;
  const completed = client.waitForNextCompletedItem();  // the user's message, then the reply
  client.sendUserMessageContent([{ type: 'input_text', text: 'Anyone there?' }]);
  assert.equal((await completed).role, 'user');
  const reply = await client.waitForNextCompletedItem();
  assert.equal(reply.role, 'assistant');
  assert.equal(reply.formatted.transcript, 'Ahoy from the mock.');
  assert.ok(reply.formatted.audio.length > 24_000, 'over a second of 24 kHz samples');
  assert.deepEqual(errors, []);
});
