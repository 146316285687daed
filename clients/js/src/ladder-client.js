// Ladder protocol v1 client (an ES module, no dependencies): the source of the npm package "ladder-client" and the
// browser build every chat node serves at /ladder-client.js. scripts/build-cjs.mjs makes the CommonJS build from it.
//
// Same behaviour as the .NET Ladder.Client: reconnects by itself with exponential backoff and jitter (next node
// when one fails), resumes every room from its lastKnownId, never surfaces a message twice (seq dedupe), and keeps
// unacknowledged sends in an outbox that is resent with the same clientMsgId, so a send is neither lost nor doubled.
// Uses a WebSocket; falls back to Server-Sent Events + POST when the WebSocket cannot open (or when forced).
// Runs in browsers, Node 18+ and React Native: WebSocket, EventSource and fetch can be passed in the options, and
// nothing else global is needed once `nodes` is given.
//
//   const client = new LadderClient({ token: async () => (await devToken('alice')).token });
//   client.on('message', m => console.log(m.room, m.seq, m.sender, m.text));
//   await client.connect();
//   await client.join('general');
//   const seq = await client.send('general', 'Hello');

const SERVER_FRAME_TYPES = ['welcome', 'joined', 'message', 'left', 'synced', 'truncated', 'ack', 'deleted',
  'presence', 'typing', 'history', 'pong', 'error'];

// Refresh attempts are at least this far apart (ms), so a token source with nothing newer is not asked in a loop.
const MIN_REFRESH_INTERVAL = 1000;

const DEFAULTS = {
  nodes: null,                 // base URLs of the chat nodes; default: the page's origin
  token: null,                 // async () => string, asked before every connection attempt and before the token expires
  grant: null,                 // async (room) => string | null: a grant token for a namespaced room (v1.1), asked
                               // before its join, the hello that resumes it, its history, and (SSE) its stream and posts
  tokenRefreshMargin: 30000,   // ms before the token's exp that a `refresh` with a new token is sent (at most a fifth
                               // of what is left); 0: no refresh, the node closes with 4001 and the client reconnects
  transport: 'auto',           // 'auto' (WebSocket, SSE when it cannot open), 'websocket' or 'sse'
  reconnectMinDelay: 200,      // ms: backoff base, and the jitter window after a drop
  reconnectMaxDelay: 10000,    // ms: backoff ceiling
  connectTimeout: 10000,       // ms: for the upgrade and welcome
  pingInterval: 15000,         // ms: application ping; 0 disables liveness checks
  pongTimeout: 10000,          // ms past pingInterval a silent connection is kept
  outboxCapacity: 1000,        // unacknowledged sends held at once; send() rejects beyond
  webSocketFailuresBeforeSse: 2, // 'auto': failed opens (with no success ever) before falling back to SSE
  clientMsgIdPrefix: null,     // default: random per client
  maxFrameBytes: 65536,        // the node's frame limit: a bigger send is refused locally (too_large), never sent
  maxTextLength: 4096,         // the node's text limit (UTF-16 code units): a longer text is refused locally
  deletedMemoryPerRoom: 1024,  // deletions remembered per room to drop replayed duplicates
  retryPolicy: null,           // { nextRetryDelay(context) => ms | null (give up) }; default: exponential backoff
  WebSocket: null,             // constructor; default globalThis.WebSocket
  EventSource: null,           // constructor; default globalThis.EventSource (SSE fallback only)
  fetch: null,                 // function; default globalThis.fetch (SSE sends, HTTP history, the 401 check)
};

/** Fetches a development token (POST /dev/token; only on chat nodes configured with Chat:DevTokens=true). */
export async function devToken(user, node = globalThis.location?.origin, { fetch: fetchImpl = globalThis.fetch } = {}) {
  if (node == null) throw new TypeError('devToken: pass the node address (no page origin here)');
  const response = await fetchImpl(new URL('/dev/token', node), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user }),
  });
  if (!response.ok) throw new LadderError(await errorCode(response), `dev token refused (${response.status})`);
  return response.json();
}

export class LadderError extends Error {
  /** `options.reason` and `options.room`: what a v1.1 `forbidden` refusal says (`grant_required`, `invalid_grant`…). */
  constructor(code, message, options) {
    super(message, options);
    this.name = 'LadderError';
    this.code = code;
    this.reason = options?.reason ?? null;
    this.room = options?.room ?? null;
  }
}

/** The LadderError of an `error` frame, with its reason and room. */
/** A refusal that may not come again: the node's log was unreachable (`internal`), or the app's join hook did not
 *  answer (`forbidden`, `hook_unavailable`: the node fails closed, the client asks again later). */
function isTransient(error) {
  return error.code === 'internal' || (error.code === 'forbidden' && error.reason === 'hook_unavailable');
}

function refusal(error) {
  return new LadderError(error.code, error.message, { reason: error.reason ?? null, room: error.room ?? null });
}

export class LadderClient {
  #options;
  #listeners = new Map();
  #rooms = new Map();          // room -> { lastKnownId: number|null, joinedOn: connection id, waiters: [] }
  #outbox = [];                // ordered { room, clientMsgId, text, frame, sentOn, resolve, reject }
  #pendingHistory = [];        // { room, frame, sentOn, resolve, reject } (WebSocket only)
  #pendingLeaves = [];         // { room, resolve } in the order the leaves were written
  #sentJoins = [];             // { connectionId, room }: joins written and not answered yet, in order
  #writeOrder = 0;
  #opening = null;             // the connection being opened (no welcome yet), so close() can end it
  #everConnected = false;
  #connection = null;          // { id, kind: 'websocket'|'sse', node, send(frame) }
  #connectionIds = 0;
  #state = 'disconnected';
  #transport;
  #webSocketOpened = false;
  #webSocketFailures = 0;
  #nodeIndex = 0;
  #failures = 0;
  #stopped = false;
  #started = false;
  #firstConnected;
  #reconnectTimer = null;
  #nextId = 0;
  #prefix;
  #sseDrain = null;
  #sinceWorking = Date.now();

  constructor(options) {
    this.#options = { ...DEFAULTS, ...options };
    if (typeof this.#options.token !== 'function') throw new TypeError('options.token must be an async function');
    const page = globalThis.location;
    const nodes = this.#options.nodes ?? (page?.origin ? [page.origin] : null);
    if (!nodes || nodes.length === 0) throw new TypeError('options.nodes is needed outside a page');
    this.#options.nodes = nodes.map(node => new URL(node, page?.href).origin);
    this.#options.WebSocket ??= globalThis.WebSocket;
    this.#options.EventSource ??= globalThis.EventSource;
    this.#options.fetch ??= globalThis.fetch?.bind(globalThis);
    this.#options.retryPolicy ??= exponentialRetryPolicy(this.#options);
    if (this.#options.transport === 'auto' && !this.#options.EventSource) {
      // No EventSource here (Node, React Native without a polyfill): stay on WebSockets rather than fail later.
      this.#options.transport = 'websocket';
    }
    this.#transport = this.#options.transport === 'sse' ? 'sse' : 'websocket';
    this.#prefix = this.#options.clientMsgIdPrefix ?? `c${Math.random().toString(36).slice(2, 10)}`;
    let resolve, reject;
    this.#firstConnected = new Promise((res, rej) => { resolve = res; reject = rej; });
    this.#firstConnected.resolve = resolve;
    this.#firstConnected.reject = reject;
    this.#firstConnected.catch(() => {});
  }

  /** 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'stopped' */
  get state() { return this.#state; }

  /** 'websocket' or 'sse': what the client uses (or will use next). */
  get transport() { return this.#transport; }

  get node() { return this.#connection?.node ?? null; }

  get pendingSends() { return this.#outbox.length; }

  lastKnownId(room) { return this.#rooms.get(room)?.lastKnownId ?? null; }

  /** Subscribes to an event ('message', 'deleted', 'presence', 'typing', 'joined', 'synced', 'truncated', 'error',
   *  'welcome', 'state', 'refreshed'); returns a function that unsubscribes. */
  on(type, handler) {
    if (!this.#listeners.has(type)) this.#listeners.set(type, new Set());
    this.#listeners.get(type).add(handler);
    return () => this.#listeners.get(type)?.delete(handler);
  }

  /** Starts the connection loop; resolves at the first welcome. The loop goes on until close(). */
  connect() {
    if (!this.#started) {
      this.#started = true;
      this.#setState('connecting');
      this.#openConnection();
    }
    return this.#firstConnected;
  }

  /** Joins a room (with lastKnownId: replays everything after it first); stays joined across reconnects.
   *  `options.signal` (AbortSignal) and `options.timeout` (ms) end the wait; a join ended so leaves no membership. */
  join(room, lastKnownId = null, { signal = null, timeout = null } = {}) {
    this.#throwIfStopped();
    return withAbort(signal, timeout, (resolve, reject) => {
      const waiter = { resolve, reject };
      const existing = this.#rooms.get(room);
      if (existing) {
        if (existing.joinedOn && existing.joinedOn === this.#connection?.id) {
          resolve({ type: 'joined', room, head: existing.lastKnownId ?? 0 });
          return null;
        }
        existing.waiters.push(waiter);
      } else {
        const state = { lastKnownId, joinedOn: 0, everJoined: false, waiters: [waiter], deleted: new Set(), deletedOrder: [] };
        this.#rooms.set(room, state);
        const connection = this.#connection;
        if (connection?.kind === 'websocket') {
          if (this.#needsGrant(room)) this.#joinWithGrant(connection, room);
          else this.#writeJoin(connection, room, lastKnownId);
        } else if (connection?.kind === 'sse') {
          // The room set of a stream is fixed: reconnect with the new one (positions are kept, nothing is lost).
          this.#restartSse();
        }
      }
      return () => this.#cancelJoin(room, waiter);
    });
  }

  /** Leaves a room; its unacknowledged sends fail. */
  async leave(room) {
    this.#throwIfStopped();
    const state = this.#rooms.get(room);
    if (!state) return;
    this.#rooms.delete(room);
    for (const waiter of state.waiters) waiter.reject(new LadderError('not_joined', `left ${room}`));
    for (const entry of this.#outbox.filter(e => e.room === room)) {
      this.#removeFromOutbox(entry);
      entry.reject(new LadderError('not_joined', `left ${room} before the send was acknowledged`));
    }
    const connection = this.#connection;
    // Also when the join is still in flight: the node would keep the membership otherwise.
    if (connection?.kind === 'websocket') {
      await new Promise(resolve => {
        this.#pendingLeaves.push({ room, resolve });
        connection.send({ type: 'leave', room });
      });
    } else if (connection?.kind === 'sse') {
      this.#restartSse();
    }
  }

  /** Posts a message; resolves with its seq once durably stored. Resent with the same clientMsgId after drops.
   *  The third argument is a clientMsgId or { clientMsgId, signal, timeout }; an abort or a timeout removes the send
   *  from the outbox (one already written may still be stored). */
  send(room, text, options = null) {
    this.#throwIfStopped();
    const { clientMsgId: givenId = null, signal = null, timeout = null } = typeof options === 'string' ? { clientMsgId: options } : (options ?? {});
    if (typeof text !== 'string' || text.trim() === '') {
      return Promise.reject(new LadderError('bad_frame', 'the text is empty or only white space'));
    }
    if (text.length > this.#options.maxTextLength) {
      return Promise.reject(new LadderError('too_large', `the text is ${text.length} characters; the limit is ${this.#options.maxTextLength}`));
    }
    if (this.#outbox.length >= this.#options.outboxCapacity) {
      return Promise.reject(new LadderError('outbox_full', `${this.#outbox.length} sends are waiting for their ack`));
    }
    const clientMsgId = givenId ?? `${this.#prefix}-${++this.#nextId}`;
    const frame = { type: 'send', room, clientMsgId, text };
    // A frame over the node's limit closes the connection with 1009; resent from the outbox it would do so forever.
    const bytes = utf8Length(JSON.stringify(frame));
    if (bytes > this.#options.maxFrameBytes) {
      return Promise.reject(new LadderError('too_large', `the send frame is ${bytes} bytes; the frame limit is ${this.#options.maxFrameBytes}`));
    }
    if (this.#outbox.some(e => e.room === room && e.clientMsgId === clientMsgId)) {
      return Promise.reject(new LadderError('bad_frame', `a send with clientMsgId ${clientMsgId} to ${room} is already pending`));
    }
    return withAbort(signal, timeout, (resolve, reject) => {
      const entry = { room, clientMsgId, text, frame, sentOn: 0, writeOrder: 0, resolve, reject };
      this.#outbox.push(entry);
      const connection = this.#connection;
      if (connection?.kind === 'websocket' && this.#canWrite(entry, connection)) {
        this.#write(entry, connection);
      } else if (connection?.kind === 'sse') {
        this.#drainSse();
      }
      return () => this.#removeFromOutbox(entry);
    });
  }

  /** "Is typing" to a joined room; best effort (not available over SSE). */
  typing(room) {
    const connection = this.#connection;
    if (connection?.kind !== 'websocket' || this.#rooms.get(room)?.joinedOn !== connection.id) return false;
    connection.send({ type: 'typing', room });
    return true;
  }

  /** Older messages, newest first: { room, messages, hasMore }. `signal` and `timeout` (ms) end the wait. */
  history(room, { before = null, limit = null, signal = null, timeout = null } = {}) {
    this.#throwIfStopped();
    if (limit != null && !(Number.isInteger(limit) && limit >= 1 && limit <= 200)) {
      // Refused here: the node's error names no request, and could not be told apart from another history's.
      return Promise.reject(new RangeError('a history page holds 1 to 200 messages'));
    }
    if (this.#transport === 'sse' || this.#connection?.kind === 'sse') {
      return withAbort(signal, timeout, (resolve, reject) => {
        const controller = new AbortController();
        this.#httpHistory(room, before, limit, controller.signal).then(resolve, reject);
        return () => controller.abort();
      });
    }
    if (this.#needsGrant(room)) {
      return this.#grantFor(room).then(grant => this.#wsHistory(room, before, limit, signal, timeout, grant));
    }
    return this.#wsHistory(room, before, limit, signal, timeout, null);
  }

  #wsHistory(room, before, limit, signal, timeout, grant) {
    this.#throwIfStopped();
    return withAbort(signal, timeout, (resolve, reject) => {
      const frame = { type: 'history', room };
      if (before != null) frame.before = before;
      if (limit != null) frame.limit = limit;
      if (grant != null) frame.grant = grant;
      const request = { room, frame, sentOn: 0, resolve, reject };
      this.#pendingHistory.push(request);
      const connection = this.#connection;
      if (connection?.kind === 'websocket') {
        request.sentOn = connection.id;
        connection.send(frame);
      }
      // Once written, the answer must still be matched to it: it stays in the list, only unanswered.
      return () => { if (request.sentOn === 0) this.#pendingHistory.splice(this.#pendingHistory.indexOf(request), 1); else request.resolve = request.reject = () => {}; };
    });
  }

  /** Closes normally (1000) and stops reconnecting; pending operations fail. */
  close() {
    if (this.#stopped) return;
    this.#connection?.close(1000);
    // A connection still opening would otherwise be welcomed after close() and keep the process alive.
    this.#opening?.close(1000);
    this.#opening = null;
    this.#stop(new LadderError('stopped', 'client closed'), null);
  }

  /** Drops the current connection as a network failure would (the client then resumes by itself). For tests and demos. */
  dropConnection() {
    this.#connection?.abort();
  }

  // ---- connection loop -------------------------------------------------------------------------------------------

  async #openConnection() {
    if (this.#stopped) return;
    const node = this.#options.nodes[this.#nodeIndex];
    const id = ++this.#connectionIds;
    let token;
    try {
      token = await this.#options.token();
    } catch (error) {
      const refusal = new LadderError('unauthorized', `the token provider failed: ${error?.message ?? error}`, { cause: error });
      this.#connectionEnded(id, { welcomed: false, error: refusal, auth: true });
      return;
    }
    if (this.#stopped) return;
    if (this.#transport === 'sse') {
      const grants = await this.#grantsFor([...this.#rooms.keys()]);
      if (this.#stopped || id !== this.#connectionIds) return;
      this.#openSse(id, node, token, grants);
    } else {
      this.#openWebSocket(id, node, token);
    }
  }

  #openWebSocket(id, node, token) {
    const url = new URL('/ws', node);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('access_token', token);
    const WebSocketImpl = this.#options.WebSocket;
    if (!WebSocketImpl) throw new TypeError('no WebSocket here: pass options.WebSocket');
    let socket;
    try {
      socket = new WebSocketImpl(url);
    } catch (error) {
      this.#connectionEnded(id, { welcomed: false, error });
      return;
    }
    let welcomed = false;
    let opened = false;
    let ended = false;
    let lastReceived = Date.now();
    let pingTimer = null;
    const connection = {
      id, node, token, kind: 'websocket',
      send: frame => { if (socket.readyState === 1 /* OPEN */) socket.send(JSON.stringify(frame)); },
      close: code => { end({ welcomed, closeCode: code, local: true }); try { socket.close(code); } catch { /* closing anyway */ } },
      abort: () => { end({ welcomed, closeCode: 1006 }); try { socket.close(); } catch { /* closing anyway */ } },
      pendingRefresh: null,
      refreshTimer: null,
      ended: () => ended,
    };
    const connectTimer = setTimeout(() => connection.abort(), this.#options.connectTimeout);
    const end = outcome => {
      if (ended) return;
      ended = true;
      clearTimeout(connectTimer);
      clearInterval(pingTimer);
      clearTimeout(connection.refreshTimer);
      connection.pendingRefresh?.(null);
      // Late events of this socket must not touch the next connection.
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      if (this.#connection === connection) this.#connection = null;
      if (this.#opening === connection) this.#opening = null;
      if (!outcome.local) this.#connectionEnded(id, { ...outcome, opened });
    };
    this.#opening = connection;
    socket.onopen = () => {
      opened = true;
      this.#webSocketOpened = true;
      this.#webSocketFailures = 0;
    };
    socket.onmessage = event => {
      lastReceived = Date.now();
      let frame;
      try { frame = JSON.parse(event.data); } catch { return; }
      if (!welcomed) {
        if (frame.type !== 'welcome') { connection.abort(); return; }
        if (this.#stopped) { connection.close(1000); return; }
        welcomed = true;
        clearTimeout(connectTimer);
        if (this.#opening === connection) this.#opening = null;
        // The hello carries the grants of the rooms it resumes: asked before the connection becomes ours.
        const rooms = [...this.#rooms.keys()];
        this.#grantsFor(rooms).then(grants => {
          if (ended || this.#stopped) return;
          this.#onWelcome(connection, frame, grants);
          this.#scheduleRefresh(connection);
        });
        if (this.#options.pingInterval > 0) {
          pingTimer = setInterval(() => {
            // Half-open connections never close by themselves: give up on a silent one and resume.
            if (Date.now() - lastReceived > this.#options.pingInterval + this.#options.pongTimeout) connection.abort();
            else connection.send({ type: 'ping' });
          }, this.#options.pingInterval);
        }
        return;
      }
      this.#dispatch(connection, frame);
    };
    socket.onclose = event => end({ welcomed, closeCode: event.code });
    socket.onerror = () => { /* onclose follows with the code */ };
  }

  #openSse(id, node, token, grants) {
    // Every room goes in `rooms` with its position; a room without one (a fresh join) joins at the head. A name with
    // `:` or `,` (a namespaced room) is percent-encoded inside the map (protocol v1.1).
    const entries = [...this.#rooms].map(([room, state]) => state.lastKnownId == null ? sseRoom(room) : `${sseRoom(room)}:${state.lastKnownId}`);
    const url = new URL('/sse', node);
    url.searchParams.set('access_token', token);
    if (entries.length > 0) url.searchParams.set('rooms', entries.join(','));
    for (const grant of grants.values()) if (grant != null) url.searchParams.append('grant', grant);
    const EventSourceImpl = this.#options.EventSource;
    if (!EventSourceImpl) {
      this.#stop(new LadderError('unsupported', 'no EventSource here: pass options.EventSource to use SSE'), null);
      return;
    }
    const source = new EventSourceImpl(url);
    let welcomed = false;
    let ended = false;
    const connection = {
      id, node, kind: 'sse', token, rooms: [...this.#rooms.keys()].sort().join(','),
      send: () => {},
      close: () => { end({ welcomed, local: true }); },
      abort: () => { end({ welcomed, closeCode: 1006 }); },
    };
    const connectTimer = setTimeout(() => connection.abort(), this.#options.connectTimeout);
    const end = outcome => {
      if (ended) return;
      ended = true;
      clearTimeout(connectTimer);
      source.close();
      if (this.#connection === connection) this.#connection = null;
      if (this.#opening === connection) this.#opening = null;
      if (!outcome.local) this.#connectionEnded(id, outcome);
    };
    this.#opening = connection;
    const welcome = frame => {
      if (welcomed || ended) return;
      if (this.#stopped) { connection.close(); return; }
      welcomed = true;
      clearTimeout(connectTimer);
      if (this.#opening === connection) this.#opening = null;
      this.#onWelcome(connection, frame);
    };
    for (const type of SERVER_FRAME_TYPES) {
      source.addEventListener(type, event => {
        if (ended) return;
        let frame;
        try { frame = JSON.parse(event.data); } catch { return; }
        frame.type ??= type;
        if (type === 'welcome') { welcome(frame); return; }
        welcome({ type: 'welcome', protocol: 1, node: null, session: null, user: null });
        this.#dispatch(connection, frame);
      });
    }
    // SSE has no close codes: a stream the server ends says why in a last `close` event ({code, reason}).
    source.addEventListener('close', event => {
      let code = null;
      try { code = JSON.parse(event.data).code ?? null; } catch { /* ended without a reason */ }
      end({ welcomed, closeCode: code });
    });
    source.onopen = () => welcome({ type: 'welcome', protocol: 1, node: null, session: null, user: null });
    // We resume ourselves (positions in `rooms`, fresh token, next node) instead of EventSource's own retry.
    // A server `error` frame is a MessageEvent of the same name: only a plain Event is the stream failing.
    source.onerror = event => { if (!(event instanceof MessageEvent)) connection.abort(); };
  }

  async #connectionEnded(id, { welcomed, closeCode = null, error = null, auth = false, opened = false }) {
    if (this.#stopped || id !== this.#connectionIds) return;
    this.#sentJoins = [];
    for (const state of this.#rooms.values()) state.joinedOn = 0;
    if (closeCode === 4003 || closeCode === 1008) {
      this.#stop(new LadderError('forbidden', `closed by the server (${closeCode})`), closeCode);
      return;
    }
    const node = this.#options.nodes[this.#nodeIndex];
    if (!welcomed && !auth && !opened && error == null && closeCode !== 4001) {
      // A WebSocket or a stream that never opened hides the HTTP status: ask the node whether it was the token, so
      // that a bad token is neither retried forever nor mistaken for a network that breaks WebSockets.
      const status = await this.#authStatus(node);
      if (this.#stopped || id !== this.#connectionIds) return;
      if (status === 401 || status === 403) {
        auth = true;
        error = new LadderError(status === 401 ? 'unauthorized' : 'forbidden', `${node} refused the token (${status})`);
      }
    }
    if (auth && !this.#everConnected) {
      // A first connect with a bad token or a failing token source would fail the same way forever.
      this.#stop(error, closeCode);
      return;
    }
    if (welcomed) {
      // A working connection dropped: try the same node again soon. A repeated flood close (4029) backs off further.
      this.#failures = closeCode === 4029 ? this.#failures + 1 : 0;
      this.#sinceWorking = Date.now();
    } else {
      if (!auth && this.#transport === 'websocket' && !this.#webSocketOpened && this.#options.transport === 'auto'
          && ++this.#webSocketFailures >= this.#options.webSocketFailuresBeforeSse) {
        // Never opened, and not for the token: something between us and the node breaks WebSockets. SSE goes
        // through plain HTTP.
        this.#transport = 'sse';
      }
      this.#nodeIndex = (this.#nodeIndex + 1) % this.#options.nodes.length;
      this.#failures++;
    }
    const delay = closeCode === 4001 ? 0 : this.#options.retryPolicy.nextRetryDelay({
      previousRetryCount: this.#failures, elapsedTime: Date.now() - this.#sinceWorking, retryReason: error, closeCode, wasConnected: welcomed,
    });
    if (delay == null) {
      this.#stop(new LadderError('stopped', 'the retry policy gave up reconnecting', { cause: error }), closeCode);
      return;
    }
    this.#setState('reconnecting', { closeCode, error });
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = setTimeout(() => this.#openConnection(), delay);
  }

  /** The status the node gives this token over plain HTTP (history needs no join), or null when it cannot be asked. */
  async #authStatus(node) {
    const fetchImpl = this.#options.fetch;
    if (!fetchImpl) return null;
    let token;
    try { token = await this.#options.token(); } catch { return 401; }
    try {
      const response = await fetchImpl(new URL('/rooms/ladder-auth-check/messages?limit=1', node), { headers: { Authorization: `Bearer ${token}` } });
      try { await response.body?.cancel?.(); } catch { /* nothing to read */ }
      return response.status;
    } catch {
      return null;
    }
  }

  #onWelcome(connection, welcome, grants = new Map()) {
    this.#connection = connection;
    this.#everConnected = true;
    this.#sinceWorking = Date.now();
    this.welcome = welcome;
    if (connection.kind === 'websocket') {
      const resume = {};
      const resumeGrants = [];
      let resuming = false;
      for (const [room, state] of this.#rooms) {
        state.joinedOn = 0;
        if (this.#needsGrant(room) && !grants.has(room)) {
          // Joined while the grants were asked for: its join waits for its own grant.
          queueMicrotask(() => this.#joinWithGrant(connection, room));
        } else if (state.lastKnownId != null) {
          resume[room] = state.lastKnownId;
          resuming = true;
          if (grants.get(room) != null) resumeGrants.push(grants.get(room));
        } else {
          this.#writeJoin(connection, room, null, grants.get(room));
        }
      }
      if (resuming) connection.send(resumeGrants.length > 0 ? { type: 'hello', resume, grants: resumeGrants } : { type: 'hello', resume });
      for (const entry of this.#outbox) {
        entry.sentOn = 0;
        if (this.#canWrite(entry, connection)) this.#write(entry, connection);
      }
      for (const request of this.#pendingHistory) { request.sentOn = connection.id; connection.send(request.frame); }
    } else {
      // Every `rooms` entry is a join; the stream's joined frames confirm them. Sends go by POST.
      if (connection.rooms !== [...this.#rooms.keys()].sort().join(',')) {
        // Rooms were joined or left while the stream was opening.
        queueMicrotask(() => this.#restartSse());
      }
      this.#drainSse();
    }
    for (const leave of this.#pendingLeaves) leave.resolve();
    this.#pendingLeaves = [];
    this.#firstConnected.resolve();
    this.#setState('connected');
    this.#emit('welcome', welcome);
  }

  #restartSse() {
    const connection = this.#connection;
    if (connection?.kind !== 'sse') return;
    connection.close();
    clearTimeout(this.#reconnectTimer);
    this.#openConnection();
  }

  #stop(reason, closeCode) {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#reconnectTimer);
    for (const entry of this.#outbox) entry.reject(reason);
    this.#outbox = [];
    for (const request of this.#pendingHistory) request.reject(reason);
    this.#pendingHistory = [];
    for (const state of this.#rooms.values()) for (const waiter of state.waiters) waiter.reject(reason);
    for (const leave of this.#pendingLeaves) leave.resolve();
    this.#pendingLeaves = [];
    this.#opening?.close(1000);
    this.#opening = null;
    this.#firstConnected.reject(reason);
    this.#state = 'stopped';
    this.#emit('state', { state: 'stopped', closeCode, error: reason });
  }

  #setState(state, details = {}) {
    if (this.#stopped) return;
    if (this.#state === state && details.closeCode == null && details.error == null) return;
    this.#state = state;
    this.#emit('state', { state, transport: this.#transport, node: this.#connection?.node ?? null, ...details });
  }

  // ---- frames ----------------------------------------------------------------------------------------------------

  #dispatch(connection, frame) {
    switch (frame.type) {
      case 'message': {
        const state = this.#rooms.get(frame.room);
        // seq is strictly increasing per room: at or below our position means seen already.
        if (!state || (state.lastKnownId != null && frame.seq <= state.lastKnownId)) return;
        state.lastKnownId = frame.seq;
        this.#emit('message', frame);
        return;
      }
      case 'ack': return this.#onAck(frame);
      case 'joined': return this.#onJoined(connection, frame);
      case 'synced': {
        const state = this.#rooms.get(frame.room);
        if (!state) return;
        if (state.lastKnownId == null || frame.seq > state.lastKnownId) state.lastKnownId = frame.seq;
        this.#emit('synced', frame);
        return;
      }
      case 'deleted': {
        const state = this.#rooms.get(frame.room);
        if (!state || state.deleted.has(frame.seq)) return;
        state.deleted.add(frame.seq);
        state.deletedOrder.push(frame.seq);
        // Bounded: only replays of recent deletions need dropping.
        while (state.deletedOrder.length > this.#options.deletedMemoryPerRoom) state.deleted.delete(state.deletedOrder.shift());
        this.#emit('deleted', frame);
        return;
      }
      case 'left': {
        // Leaves of one room are answered in order (leave, join, leave): the oldest is the one answered.
        const index = this.#pendingLeaves.findIndex(leave => leave.room === frame.room);
        if (index >= 0) this.#pendingLeaves.splice(index, 1)[0].resolve();
        return;
      }
      case 'history': {
        const index = this.#pendingHistory.findIndex(r => r.room === frame.room && r.sentOn !== 0);
        if (index >= 0) this.#pendingHistory.splice(index, 1)[0].resolve(frame);
        return;
      }
      case 'error': return this.#onError(frame);
      case 'refreshed':
        connection.pendingRefresh?.(frame);
        return;
      case 'presence':
      case 'typing':
      case 'truncated':
        if (this.#rooms.has(frame.room)) this.#emit(frame.type, frame);
        return;
      default:
        // pong proves liveness only; unknown types are ignored so the protocol can grow.
    }
  }

  #onAck(ack) {
    const entry = this.#outbox.find(e => e.room === ack.room && e.clientMsgId === ack.clientMsgId);
    if (!entry) return;
    this.#removeFromOutbox(entry);
    entry.resolve(ack.seq);
  }

  #onJoined(connection, joined) {
    const sent = this.#sentJoins.findIndex(join => join.connectionId === connection.id && join.room === joined.room);
    if (sent >= 0) this.#sentJoins.splice(sent, 1);
    const state = this.#rooms.get(joined.room);
    if (!state) return;
    state.joinedOn = connection.id;
    state.transientRefusals = 0;
    state.everJoined = true;
    // A fresh join starts at the head; a resume keeps its position for the replay that follows.
    state.lastKnownId ??= joined.head;
    const waiters = state.waiters;
    state.waiters = [];
    if (connection.kind === 'websocket') {
      for (const entry of this.#outbox) {
        if (entry.room === joined.room && entry.sentOn !== connection.id) this.#write(entry, connection);
      }
    }
    for (const waiter of waiters) waiter.resolve(joined);
    this.#emit('joined', joined);
  }

  #onError(error) {
    const ref = error.ref;
    const connection = this.#connection;
    if (ref === 'join') {
      this.#onJoinRefused(error, connection);
    } else if (ref === 'hello' && isTransient(error) && error.room != null) {
      // The app's join hook did not answer: ask again later, like a log that was unreachable.
      this.#rejoinLater(error.room, connection);
    } else if (ref === 'hello' && error.code === 'forbidden') {
      // A refused room stays refused: given up (the app sees this error), never retried.
      if (error.room != null) this.#giveUp(error.room, error);
    } else if (ref === 'hello') {
      // The node could not finish a join or resume (its log unreachable): join again later from our positions.
      // Rejoining a joined room is harmless, the replay is deduplicated.
      if (connection?.kind === 'websocket') {
        let rooms = [...this.#rooms].filter(([, state]) => state.joinedOn !== connection.id);
        if (rooms.length === 0) rooms = [...this.#rooms];
        for (const [, state] of rooms) state.joinedOn = 0;
        setTimeout(() => {
          if (this.#connection !== connection) return;
          for (const [room, state] of rooms) {
            if (this.#rooms.get(room) === state && state.joinedOn !== connection.id) this.#writeJoin(connection, room, state.lastKnownId);
          }
        }, backoff(1, this.#options));
      }
    } else if (ref === 'history') {
      const index = this.#pendingHistory.findIndex(r => r.sentOn !== 0);
      if (index >= 0) this.#pendingHistory.splice(index, 1)[0].reject(refusal(error));
    } else if (ref === 'leave') {
      this.#pendingLeaves.shift()?.resolve();
    } else if (ref != null) {
      // The refusal names the clientMsgId only (the same id may be pending in two rooms): it answers the oldest
      // write of that id on this connection.
      let entry = null;
      for (const candidate of this.#outbox) {
        if (candidate.clientMsgId === ref && candidate.sentOn === connection?.id && (!entry || candidate.writeOrder < entry.writeOrder)) entry = candidate;
      }
      if (entry) {
        if (error.code === 'rate_limited' || error.code === 'internal') {
          entry.sentOn = 0;
          const delay = error.retryAfterMs ?? backoff(1, this.#options);
          setTimeout(() => {
            const connection = this.#connection;
            if (this.#outbox.includes(entry) && entry.sentOn === 0 && connection?.kind === 'websocket' && this.#canWrite(entry, connection)) {
              this.#write(entry, connection);
            }
          }, delay);
        } else if (error.code === 'not_joined' && connection?.kind === 'websocket'
            && this.#rooms.has(entry.room) && (entry.refusals = (entry.refusals ?? 0) + 1) <= 3) {
          // The node lost a membership we were told about: join again from our position; the send follows joined.
          // When a rejoin is already on its way (the failed join's own error came first), the send waits for it.
          const state = this.#rooms.get(entry.room);
          if (state.joinedOn === connection.id) this.#writeJoin(connection, entry.room, state.lastKnownId);
          state.joinedOn = 0;
          entry.sentOn = 0;
        } else {
          this.#removeFromOutbox(entry);
          entry.reject(refusal(error));
        }
      }
    }
    this.#emit('error', error);
  }

  // ---- SSE sends and history over HTTP -------------------------------------------------------------------------

  /** Posts the outbox in order, one at a time; transient failures keep the entry (same clientMsgId) for later. */
  #drainSse() {
    if (this.#sseDrain) return;
    this.#sseDrain = (async () => {
      while (!this.#stopped && this.#outbox.length > 0) {
        const connection = this.#connection;
        if (connection?.kind !== 'sse') return;
        const entry = this.#outbox[0];
        let response;
        try {
          const grant = await this.#grantFor(entry.room);
          const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${connection.token}` };
          if (grant != null) headers['Ladder-Grant'] = grant;
          response = await this.#options.fetch(new URL(`/rooms/${encodeURIComponent(entry.room)}/messages`, connection.node), {
            method: 'POST',
            headers,
            body: JSON.stringify({ clientMsgId: entry.clientMsgId, text: entry.text }),
          });
        } catch {
          // Network failure: the stream's error handling reconnects; the entry stays first in line.
          await sleep(backoff(1, this.#options));
          continue;
        }
        if (!this.#outbox.includes(entry)) continue;
        if (response.ok) {
          const ack = await response.json();
          this.#removeFromOutbox(entry);
          entry.resolve(ack.seq);
        } else if (response.status === 429 || response.status >= 500) {
          const retryAfter = Number(response.headers.get('Retry-After'));
          await sleep(retryAfter > 0 ? retryAfter * 1000 : backoff(1, this.#options));
        } else if (response.status === 401) {
          // Expired token: a reconnect asks for a fresh one, and the drain resumes after its welcome.
          connection.abort();
          return;
        } else {
          this.#removeFromOutbox(entry);
          entry.reject(new LadderError(await errorCode(response), `send refused (${response.status})`));
        }
      }
    })().finally(() => { this.#sseDrain = null; });
  }

  async #httpHistory(room, before, limit, signal) {
    const node = this.#connection?.node ?? this.#options.nodes[this.#nodeIndex];
    const url = new URL(`/rooms/${encodeURIComponent(room)}/messages`, node);
    if (before != null) url.searchParams.set('before', before);
    if (limit != null) url.searchParams.set('limit', limit);
    const token = this.#connection?.token ?? await this.#options.token();
    const grant = await this.#grantFor(room);
    const headers = { Authorization: `Bearer ${token}` };
    if (grant != null) headers['Ladder-Grant'] = grant;
    const response = await this.#options.fetch(url, { headers, signal });
    if (!response.ok) throw new LadderError(await errorCode(response), `history refused (${response.status})`);
    return { type: 'history', ...(await response.json()) };
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  #write(entry, connection) {
    entry.sentOn = connection.id;
    entry.writeOrder = ++this.#writeOrder;
    connection.send(entry.frame);
  }

  #writeJoin(connection, room, lastKnownId, grant = null) {
    this.#sentJoins.push({ connectionId: connection.id, room });
    const frame = joinFrame(room, lastKnownId);
    if (grant != null) frame.grant = grant;
    connection.send(frame);
  }

  /** The refused join is the oldest unanswered on this connection (the node answers in order). `internal` (the
   *  node's log unreachable) is retried later; any other refusal would come again, so the room is given up. */
  #onJoinRefused(error, connection) {
    // A v1.1 node names the room; a v1 node answers in order.
    const index = this.#sentJoins.findIndex(join => join.connectionId === connection?.id && (error.room == null || join.room === error.room));
    if (index < 0) return;
    const { room } = this.#sentJoins.splice(index, 1)[0];
    const state = this.#rooms.get(room);
    if (!state || state.joinedOn === connection.id) return;
    if (isTransient(error)) {
      this.#rejoinLater(room, connection);
      return;
    }
    this.#giveUp(room, error);
  }

  /** Joins `room` again after a backoff that grows with each transient refusal of it (reset by its next joined). */
  #rejoinLater(room, connection) {
    const state = this.#rooms.get(room);
    if (!state || !connection) return;
    state.joinedOn = 0;
    state.transientRefusals = (state.transientRefusals ?? 0) + 1;
    setTimeout(() => {
      if (this.#connection === connection && this.#rooms.get(room) === state && state.joinedOn !== connection.id) {
        this.#writeJoin(connection, room, state.lastKnownId);
      }
    }, backoff(state.transientRefusals, this.#options));
  }

  /** Drops a room the node refused: its join waiters and pending sends fail with the refusal. */
  #giveUp(room, error) {
    const state = this.#rooms.get(room);
    if (!state) return;
    this.#rooms.delete(room);
    for (const waiter of state.waiters) waiter.reject(refusal(error));
    for (const entry of this.#outbox.filter(e => e.room === room)) {
      this.#removeFromOutbox(entry);
      entry.reject(refusal(error));
    }
  }

  // ---- grants and token refresh (v1.1) ---------------------------------------------------------------------------

  /** v1 rooms have no namespace and `dm:` rooms admit their two users without a grant: only the other namespaced
   *  rooms are worth a call to the app's backend. */
  #needsGrant(room) {
    return typeof this.#options.grant === 'function' && room.indexOf(':') > 0 && !room.startsWith('dm:');
  }

  /** The provider's grant, or null; a provider that fails is logged and the frame goes without (the node then
   *  refuses a room that needs one with `forbidden`, reason `grant_required`). */
  async #grantFor(room) {
    if (!this.#needsGrant(room)) return null;
    try {
      return (await this.#options.grant(room)) ?? null;
    } catch (error) {
      console.warn(`ladder-client: the grant provider failed for ${room}`, error);
      return null;
    }
  }

  /** room -> grant for every room of `rooms` that needs one and got one; rooms asked are keys even without a grant. */
  async #grantsFor(rooms) {
    const asked = rooms.filter(room => this.#needsGrant(room));
    const answers = await Promise.all(asked.map(room => this.#grantFor(room)));
    return new Map(asked.map((room, index) => [room, answers[index]]));
  }

  /** Writes the join of a room that needs a grant once the provider answered, unless the connection changed (its
   *  welcome joins the room) or the room was left or joined meanwhile. */
  async #joinWithGrant(connection, room) {
    const grant = await this.#grantFor(room);
    const state = this.#rooms.get(room);
    if (this.#connection !== connection || !state || state.joinedOn === connection.id
        || this.#sentJoins.some(join => join.connectionId === connection.id && join.room === room)) return;
    this.#writeJoin(connection, room, state.lastKnownId, grant);
  }

  /** Shortly before the session's token expires, a new one from options.token goes in a `refresh` frame and the
   *  session (rooms, grants, positions) carries on; should that fail, the node's 4001 still makes us reconnect. */
  #scheduleRefresh(connection) {
    const margin = this.#options.tokenRefreshMargin;
    const expiresAt = tokenExpiry(connection.token);
    if (!(margin > 0) || expiresAt == null || connection.ended()) return;
    const remaining = expiresAt - Date.now();
    if (remaining <= 0) return;
    const delay = Math.max(remaining - Math.min(margin, remaining / 5), MIN_REFRESH_INTERVAL);
    connection.refreshTimer = setTimeout(() => this.#refresh(connection, expiresAt), delay);
  }

  async #refresh(connection, expiresAt) {
    let token = null;
    try { token = await this.#options.token(); } catch (error) { console.warn('ladder-client: token refresh failed', error); }
    if (connection.ended() || this.#stopped) return;
    const newExpiry = token == null ? null : tokenExpiry(token);
    if (newExpiry == null || newExpiry <= expiresAt) {
      // Nothing newer yet (a cached token): ask again shortly, until the old one expires.
      if (expiresAt > Date.now()) connection.refreshTimer = setTimeout(() => this.#refresh(connection, expiresAt), MIN_REFRESH_INTERVAL);
      return;
    }
    const refreshed = await new Promise(resolve => {
      const timer = setTimeout(() => resolve(null), this.#options.connectTimeout);
      connection.pendingRefresh = frame => { clearTimeout(timer); resolve(frame); };
      connection.send({ type: 'refresh', token });
    });
    connection.pendingRefresh = null;
    if (connection.ended()) return;
    if (refreshed) {
      connection.token = token;
      this.#emit('refreshed', refreshed);
    }
    this.#scheduleRefresh(connection);
  }

  /** A join whose caller gave up leaves no membership, unless the room was joined before or others still wait. */
  #cancelJoin(room, waiter) {
    const state = this.#rooms.get(room);
    if (!state) return;
    const index = state.waiters.indexOf(waiter);
    if (index < 0) return;
    state.waiters.splice(index, 1);
    if (state.waiters.length > 0 || state.everJoined) return;
    this.#rooms.delete(room);
    const connection = this.#connection;
    if (connection?.kind === 'websocket') {
      this.#pendingLeaves.push({ room, resolve: () => {} });
      connection.send({ type: 'leave', room });
    } else if (connection?.kind === 'sse') {
      this.#restartSse();
    }
  }

  #canWrite(entry, connection) {
    const state = this.#rooms.get(entry.room);
    return !state || state.joinedOn === connection.id;
  }

  #removeFromOutbox(entry) {
    const index = this.#outbox.indexOf(entry);
    if (index >= 0) this.#outbox.splice(index, 1);
  }

  #throwIfStopped() {
    if (this.#stopped) throw new LadderError('stopped', 'the client has stopped');
  }

  #emit(type, detail) {
    const handlers = this.#listeners.get(type);
    if (!handlers) return;
    for (const handler of handlers) {
      try { handler(detail); } catch (error) { console.error('ladder-client handler failed', error); }
    }
  }
}

/** The default retry policy: a random wait within reconnectMinDelay right after a drop of a working connection,
 *  then exponential backoff with equal jitter up to reconnectMaxDelay; never gives up. */
export function exponentialRetryPolicy({ reconnectMinDelay = 200, reconnectMaxDelay = 10000, giveUpAfter = null } = {}) {
  return {
    nextRetryDelay({ previousRetryCount, elapsedTime }) {
      if (giveUpAfter != null && elapsedTime >= giveUpAfter) return null;
      return backoff(previousRetryCount, { reconnectMinDelay, reconnectMaxDelay });
    },
  };
}

/** A promise settled by `start(resolve, reject)` (which returns an undo function, or null), or rejected when the
 *  signal aborts or the timeout passes — then the undo runs, so nothing of the operation is left behind. */
function withAbort(signal, timeout, start) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(signal.reason ?? new LadderError('aborted', 'aborted')); return; }
    let timer = null;
    let undo = null;
    const finish = () => { clearTimeout(timer); signal?.removeEventListener('abort', onAbort); };
    const give = reason => { finish(); undo?.(); reject(reason); };
    const onAbort = () => give(signal.reason ?? new LadderError('aborted', 'aborted'));
    undo = start(value => { finish(); resolve(value); }, reason => { finish(); reject(reason); });
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeout != null) timer = setTimeout(() => give(new LadderError('timeout', `no answer within ${timeout} ms`)), timeout);
  });
}

/** A JWT's `exp` in ms, read without validating (the node decides); null when it cannot be read. */
function tokenExpiry(token) {
  try {
    const payload = String(token).split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const exp = JSON.parse(globalThis.atob(payload.padEnd(payload.length + (4 - payload.length % 4) % 4, '='))).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** A room name in an SSE resume map: `:`, `,` and `%` percent-encoded (v1 names hold none of them). */
function sseRoom(room) {
  return room.replace(/[%:,]/g, c => encodeURIComponent(c));
}

function utf8Length(text) {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) { bytes += 4; i++; }
    else bytes += 3;
  }
  return bytes;
}

function joinFrame(room, lastKnownId) {
  return lastKnownId == null ? { type: 'join', room } : { type: 'join', room, lastKnownId };
}

/** Exponential backoff with equal jitter; failures 0 = right after a drop (short random wait). */
function backoff(failures, { reconnectMinDelay: min, reconnectMaxDelay: max }) {
  if (failures <= 0) return min * Math.random();
  const ceiling = Math.min(max, min * 2 ** Math.min(failures, 30));
  return ceiling / 2 + Math.random() * ceiling / 2;
}

function sleep(ms) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

async function errorCode(response) {
  try { return (await response.json()).code ?? 'http_' + response.status; } catch { return 'http_' + response.status; }
}
