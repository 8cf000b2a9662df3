// The community openai-realtime-api client: it takes the socket's URL as an option (ws://,
// or wss:// under the global setup), and on connect sends a session.update with its defaults.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { RealtimeClient } from 'openai-realtime-api';

import { mockURL, MODEL, nextEvent } from './mock.mjs';

function connectClient() {
  return new RealtimeClient({ url: mockURL('REALTIME_MOCK_WS_URL'), apiKey: process.env.OPENAI_API_KEY, model: MODEL });
}

test('RealtimeClient gets session.created, then session.updated for its own defaults', async (t) => {
  const client = connectClient();
  t.after(() => client.disconnect());
  const created = nextEvent(client.realtime, 'server.session.created');
  const updated = nextEvent(client.realtime, 'server.session.updated');
  await client.connect();
  assert.equal((await created).session.model, MODEL);
  const { session } = await updated;
  assert.equal(session.voice, 'alloy');
  assert.equal(session.turn_detection, null);
  assert.equal(session.max_response_output_tokens, 4096);
  assert.equal(session.input_audio_transcription.model, 'whisper-1');
});

test('RealtimeClient.updateSession round-trips instructions; a bad value gets an error event', async (t) => {
  const client = connectClient();
  t.after(() => client.disconnect());
  const defaultsApplied = nextEvent(client.realtime, 'server.session.updated');
  await client.connect();
  await defaultsApplied;
  const updated = nextEvent(client.realtime, 'server.session.updated');
  client.updateSession({ instructions: 'Answer in haiku.' });
  assert.equal((await updated).session.instructions, 'Answer in haiku.');
  const refused = nextEvent(client.realtime, 'server.error');
  client.updateSession({ temperature: 5 });
  const { error } = await refused;
  assert.deepEqual([error.type, error.param, error.code], [
    'invalid_request_error', 'session.temperature', 'decimal_above_max_value',
  ]);
});
