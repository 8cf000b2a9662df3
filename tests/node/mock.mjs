// Where the mock is, as the process that started it says: OPENAI_BASE_URL and
// OPENAI_API_KEY (which the openai package reads by itself), REALTIME_MOCK_URL (the
// server's root, for its admin API) and REALTIME_MOCK_WS_URL (the Realtime socket).

export const MODEL = 'gpt-4o-realtime-preview-2024-12-17'; // the beta snapshot's
export const GA_MODEL = 'gpt-realtime';
export const TIMEOUT_MS = 10_000;

export function mockURL(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: start the mock first (see global-setup.mjs)`);
  return value;
}

/** GET one admin route of the mock (journal, sessions, secrets). */
export async function admin(path) {
  const response = await fetch(`${mockURL('REALTIME_MOCK_URL')}/__mock${path}`);
  return { status: response.status, body: await response.json() };
}

/** The first event `type` an emitter delivers, or a rejection after TIMEOUT_MS. */
export function nextEvent(emitter, type, { on = 'on', off = 'off' } = {}) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    timer.unref(); // a test that failed otherwise ends at once, not when this gives up
    const listener = (event) => {
      clearTimeout(timer);
      emitter[off](type, listener);
      resolve(event);
    };
    emitter[on](type, listener);
  });
}
