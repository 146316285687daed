// Node 20 tests of the JS client in private rooms (protocol v1.1) against a real platform: LADDER_NODES (two chat
// node addresses) and LADDER_KEY (the platform's token key, to mint tokens and grants as an app's backend would).
// Run by JsClientTests with `node --experimental-websocket --test`; the client module is copied next to this file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { LadderClient } from './ladder-client.mjs';

const nodes = process.env.LADDER_NODES.split(',');
const key = process.env.LADDER_KEY;
const platform = { WebSocket: globalThis.WebSocket, fetch: globalThis.fetch };
const suffix = () => Math.random().toString(36).slice(2, 12);

function sign(claims) {
  const part = value => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ iss: 'ladder', iat: now - 300, nbf: now - 300, ...claims })}`;
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
}

const token = (user, seconds) => sign({ sub: user, aud: 'ladder-chat', exp: Math.floor(Date.now() / 1000) + seconds });
const grant = (user, room) => sign({ sub: user, aud: 'ladder-grant', room, send: true, exp: Math.floor(Date.now() / 1000) + 600 });

function client(user, { lifetime = 600, grants = true, ...options } = {}) {
  return new LadderClient({
    nodes, ...platform, reconnectMinDelay: 100, reconnectMaxDelay: 1000, connectTimeout: 5000,
    token: () => token(user, lifetime),
    grant: grants ? room => grant(user, room) : null,
    ...options,
  });
}

async function waitFor(condition, what, timeout = 20000) {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

test('joins a granted room, resumes it after a drop, and a client without a grant is refused', async () => {
  const room = `team:js-${suffix()}`;
  const reader = client(`rd${suffix()}`);
  const writer = client(`wr${suffix()}`);
  const stranger = client(`st${suffix()}`, { grants: false });
  const seen = [];
  reader.on('message', m => seen.push(m.seq));
  try {
    await Promise.all([reader.connect(), writer.connect(), stranger.connect()]);
    await reader.join(room);
    await writer.join(room);
    const first = await writer.send(room, 'one');
    await waitFor(() => seen.includes(first), 'the first message');
    reader.dropConnection();
    const second = await writer.send(room, 'two');
    await waitFor(() => seen.includes(second), 'the message sent during the drop (the hello carried the grant)');
    assert.deepEqual(seen, [first, second]);

    await assert.rejects(stranger.join(room), error => error.code === 'forbidden' && error.reason === 'grant_required' && error.room === room);
    assert.equal(stranger.lastKnownId(room), null);
  } finally {
    reader.close();
    writer.close();
    stranger.close();
  }
});

test('a short-lived token is refreshed without a reconnect', async () => {
  const room = `team:jr-${suffix()}`;
  const reader = client(`rf${suffix()}`, { lifetime: 6 });
  const writer = client(`wf${suffix()}`);
  const refreshed = [];
  const states = [];
  const seen = [];
  reader.on('refreshed', frame => refreshed.push(frame));
  reader.on('state', change => states.push(change.state));
  reader.on('message', m => seen.push(m.seq));
  try {
    await reader.connect();
    await writer.connect();
    const session = reader.welcome.session;
    await reader.join(room);
    await writer.join(room);
    // Two refreshes: the session has outlived two 6 s tokens (it would have closed with 4001 at the first expiry).
    await waitFor(() => refreshed.length >= 2, 'two refreshes');
    const seq = await writer.send(room, 'still here?');
    await waitFor(() => seen.includes(seq), 'the message after the refreshes');
    assert.ok(!states.includes('reconnecting'), states.join(','));
    assert.equal(reader.welcome.session, session);
  } finally {
    reader.close();
    writer.close();
  }
});
