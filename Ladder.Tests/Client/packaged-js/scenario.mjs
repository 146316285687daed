// A first-time user's Node bot on the installed ladder-client package (see PackageTests): connect with a development
// token, join, send, survive a cut, and finish with nothing lost or doubled and nothing keeping the process alive.
// `WebSocket` and `fetch` are passed in the options; none is set on globalThis by this script.
export async function run({ LadderClient, devToken }, flavour) {
  const nodes = process.env.LADDER_NODES.split(',');
  const room = process.env.LADDER_ROOM;
  const make = user => new LadderClient({
    nodes,
    WebSocket,
    fetch,
    token: async () => (await devToken(user, nodes[0], { fetch })).token,
  });
  const bot = make(`pkg-${flavour}-bot`);
  const other = make(`pkg-${flavour}-other`);

  const seen = new Map();
  bot.on('message', m => { if (m.room === room) seen.set(m.seq, (seen.get(m.seq) ?? 0) + 1); });
  const states = [];
  let resumed;
  const resumedOnce = new Promise(resolve => { resumed = resolve; });
  bot.on('state', s => {
    states.push(s.state);
    if (s.state === 'connected' && states.includes('reconnecting')) resumed();
  });

  await bot.connect();
  await bot.join(room, null, { timeout: 20000 });
  await other.connect();
  await other.join(room, null, { timeout: 20000 });
  const before = await bot.send(room, 'before the cut', { timeout: 20000 });

  bot.dropConnection();
  // Sent while the bot is cut off or resuming: its own from the outbox, the other's must come back in the replay.
  const own = bot.send(room, 'sent during the cut', { timeout: 20000 });
  const fromOther = await other.send(room, 'from the other user during the cut', { timeout: 20000 });
  const ownSeq = await own;
  await resumedOnce;

  const expected = [before, ownSeq, fromOther];
  while (!expected.every(seq => seen.has(seq))) await new Promise(resolve => setTimeout(resolve, 50));
  const doubled = [...seen].filter(([, count]) => count !== 1);
  if (doubled.length > 0) throw new Error(`surfaced twice: ${doubled.map(([seq]) => seq).join(',')}`);

  bot.close();
  other.close();
  console.log(`ok ${flavour} seqs ${expected.join(',')} states ${states.join(',')}`);
}

/** Ends a stuck run with a message; unref'd so it never keeps a finished run alive. */
export function guard(ms) {
  setTimeout(() => { console.error(`no result within ${ms} ms`); process.exit(3); }, ms).unref();
}
