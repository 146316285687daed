// Node 20 tests of the JS client against a real platform (LADDER_NODES: two chat node addresses). Run by
// JsClientTests with `node --experimental-websocket --test`; the client module is copied next to this file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LadderClient, LadderError, devToken } from './ladder-client.mjs';

const nodes = process.env.LADDER_NODES.split(',');
// Nothing global is assumed by the client: every platform API is passed in.
const platform = { WebSocket: globalThis.WebSocket, fetch: globalThis.fetch };
const room = prefix => `${prefix}-${Math.random().toString(36).slice(2, 12)}`;
const user = name => `${name}-${Math.random().toString(36).slice(2, 10)}`;

function client(name, options = {}) {
  const who = user(name);
  return new LadderClient({
    nodes, ...platform, reconnectMinDelay: 100, reconnectMaxDelay: 1000, connectTimeout: 5000,
    token: async () => (await devToken(who, nodes[0], platform)).token,
    ...options,
  });
}

async function waitFor(condition, what, timeout = 15000) {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

test('connects, joins, sends and resumes after a drop', async () => {
  const name = room('js');
  const writer = client('writer');
  const reader = client('reader');
  const seen = [];
  reader.on('message', m => seen.push(m.seq));
  try {
    await writer.connect();
    await reader.connect();
    await writer.join(name);
    await reader.join(name);
    const first = await writer.send(name, 'one');
    await waitFor(() => seen.includes(first), 'the first message');
    reader.dropConnection();
    const second = await writer.send(name, 'two');
    await waitFor(() => seen.includes(second), 'the message sent during the drop');
    assert.deepEqual(seen, [first, second]);
  } finally {
    writer.close();
    reader.close();
  }
});

test('a send over the frame limit is refused locally and the connection stays', async () => {
  const name = room('big');
  const c = client('big', { maxFrameBytes: 4096 });
  const states = [];
  c.on('state', s => states.push(s.state));
  try {
    await c.connect();
    await c.join(name);
    // The poison pill: 70 000 characters, which the node answers with a 1009 close.
    const huge = await c.send(name, 'x'.repeat(70000)).then(() => null, e => e);
    assert.equal(huge.code, 'too_large');
    // 1000 characters that each escape to six bytes: under the text limit, over this client's frame limit.
    const error = await c.send(name, '\u0001'.repeat(1000)).then(() => null, e => e);
    assert.ok(error instanceof LadderError);
    assert.equal(error.code, 'too_large');
    assert.equal(c.pendingSends, 0);
    const tooLong = await c.send(name, 'x'.repeat(4097)).then(() => null, e => e);
    assert.equal(tooLong.code, 'too_large');
    assert.ok(await c.send(name, 'fits') > 0);
    assert.ok(!states.includes('reconnecting'), states.join(','));
  } finally {
    c.close();
  }
});

test('close() while connecting ends the socket: no welcome, the process can exit', async () => {
  const who = user('closer');
  let c;
  // close() lands once the token is in and the socket is opening, before the welcome can arrive.
  c = new LadderClient({
    nodes, ...platform,
    token: async () => { const { token } = await devToken(who, nodes[0], platform); setTimeout(() => c.close(), 0); return token; },
  });
  const states = [];
  c.on('state', s => states.push(s.state));
  assert.equal(await c.connect().then(() => 'connected', e => e.code), 'stopped');
  await new Promise(resolve => setTimeout(resolve, 500));
  assert.ok(!states.includes('connected'), states.join(','));
  assert.equal(c.state, 'stopped');
});

test('a bad token fails connect() without falling back to SSE', async () => {
  const c = new LadderClient({ nodes, ...platform, token: async () => 'not-a-token', reconnectMinDelay: 50, reconnectMaxDelay: 100 });
  const error = await c.connect().then(() => null, e => e);
  assert.ok(error instanceof LadderError, String(error));
  assert.equal(error.code, 'unauthorized');
  assert.equal(c.transport, 'websocket');
  assert.equal(c.state, 'stopped');
});

test('a throwing token provider fails connect()', async () => {
  const c = new LadderClient({ nodes, ...platform, token: async () => { throw new Error('no credentials'); } });
  const error = await c.connect().then(() => null, e => e);
  assert.equal(error.code, 'unauthorized');
  assert.equal(error.cause.message, 'no credentials');
});

test('leave, join, leave of one room all complete', async () => {
  const name = room('ljl');
  const c = client('ljl');
  try {
    await c.connect();
    await c.join(name);
    const firstLeave = c.leave(name);
    const join = c.join(name);
    await join;
    const secondLeave = c.leave(name);
    await Promise.race([Promise.all([firstLeave, secondLeave]), new Promise((_, reject) => setTimeout(() => reject(new Error('a leave hangs')), 10000))]);
  } finally {
    c.close();
  }
});

test('a refused join fails that join, not another', async () => {
  const good = room('good');
  const c = client('refused');
  try {
    await c.connect();
    const bad = c.join('Not A Room!').then(() => null, e => e.code);
    const fine = c.join(good);
    assert.equal(await bad, 'invalid_room');
    assert.equal((await fine).room, good);
  } finally {
    c.close();
  }
});

test('join, send and history honour AbortSignal and timeouts', async () => {
  const name = room('abort');
  const c = client('abort');
  try {
    await c.connect();
    const aborted = AbortSignal.abort();
    assert.equal((await c.join(name, null, { signal: aborted }).then(() => null, e => e)).name, 'AbortError');
    assert.equal(c.lastKnownId(name), null);
    await c.join(name);
    const controller = new AbortController();
    const sending = c.send(name, 'maybe', { signal: controller.signal });
    controller.abort();
    await assert.rejects(sending);
    assert.equal(c.pendingSends, 0);
    const page = await c.history(name, { limit: 10, timeout: 10000 });
    assert.equal(page.room, name);
    await assert.rejects(c.history(name, { limit: 0 }), RangeError);
  } finally {
    c.close();
  }
});
