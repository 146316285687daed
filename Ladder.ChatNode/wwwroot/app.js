// The demo web chat. Every piece of user text goes into the page with textContent, never as HTML.
import { LadderClient, devToken } from './ladder-client.js';

const $ = id => document.getElementById(id);
const params = new URLSearchParams(location.search);
const MAX_RENDERED = 500;
const TYPING_SHOWN_MS = 4000;
const TYPING_SENT_EVERY_MS = 2000;

const FOLLOW_SLACK_PX = 8;
const USER_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

// What a v1.1 `forbidden` reason means to the person reading the page.
const REASONS = {
  grant_required: 'this room is private: joining it needs a grant from the app\'s backend, and the demo\'s development tokens carry none',
  send_grant_required: 'you may read this room but not post to it',
  server_only: 'only the app\'s server posts here',
  not_a_participant: 'this direct message is between two other people',
  invalid_grant: 'the grant was refused (expired, or for another user or room)',
  unknown_namespace: 'this node has no rooms of that kind (the namespace is not configured)',
  typing_off: 'typing is not shown in this room',
};

const rooms = new Map(); // room -> { messages: Map(seq -> message), pending: Map(clientMsgId -> text), online: Set, typing: Map(user -> expiry), unread, joined, refused }
let client = null;
let me = null;
let activeRoom = null;
let lastTypingSent = 0;

$('force-sse').checked = params.get('transport') === 'sse';
if (params.get('user')) $('name').value = params.get('user');

$('sign-in-form').addEventListener('submit', async event => {
  event.preventDefault();
  $('sign-in-error').textContent = '';
  try {
    await signIn($('name').value.trim(), $('force-sse').checked ? 'sse' : (params.get('transport') ?? 'auto'));
  } catch (error) {
    $('sign-in-error').textContent = `Could not sign in: ${error.message}`;
  }
});

async function signIn(name, transport) {
  let current = await devToken(name);
  me = name;
  const token = async () => {
    if (Date.parse(current.expiresAt) - Date.now() < 30_000) current = await devToken(name);
    return current.token;
  };
  client = new LadderClient({ token, transport });
  window.ladderApp = { client, rooms };
  client.on('state', ({ state }) => showState(state));
  client.on('message', onMessage);
  client.on('deleted', ({ room, seq }) => {
    const message = rooms.get(room)?.messages.get(seq);
    if (message) { message.deleted = true; message.text = null; renderIfActive(room); }
  });
  client.on('presence', onPresence);
  client.on('typing', ({ room, user }) => {
    if (user === me) return;
    roomState(room).typing.set(user, Date.now() + TYPING_SHOWN_MS);
    renderTyping();
  });
  client.on('truncated', ({ room }) => showError(`Some older messages of ${roomLabel(room)} are only in the history.`));
  client.on('error', error => {
    // A refused join is shown in its room by joinRoom, where the reader looks for it.
    if (error.ref === 'join') return;
    showError(error.room ? `${roomLabel(error.room)}: ${describe(error)}` : describe(error));
  });

  $('sign-in-form').hidden = true;
  $('chat').hidden = false;
  $('whoami').textContent = `signed in as ${name}`;
  showState(client.state);
  await client.connect();
  await joinRoom(params.get('room') ?? 'general');
}

async function joinRoom(room) {
  const state = roomState(room);
  state.refused = null;
  selectRoom(room);
  try {
    await client.join(room);
    state.joined = true;
    const page = await client.history(room, { limit: 50 });
    for (const item of page.messages) {
      if (!state.messages.has(item.seq)) state.messages.set(item.seq, { ...item, room });
    }
    renderIfActive(room);
  } catch (error) {
    state.joined = false;
    if (error.code === 'forbidden') {
      // Refused, never shown as a silent empty room: the room keeps no messages and says why.
      state.refused = error;
      state.messages.clear();
      if (room === activeRoom) selectRoom(room);
      renderRooms();
    } else {
      showError(`${roomLabel(room)}: ${describe(error)}`);
    }
  }
}

/** A direct message: `dm:` and the two names sorted (by UTF-16 code unit, the node's ordinal order). */
function directMessageRoom(other) {
  return `dm:${[me, other].sort().join(',')}`;
}

/** The other person of a `dm:` room this user is in, else null. */
function directMessagePeer(room) {
  if (!room.startsWith('dm:')) return null;
  const users = room.slice(3).split(',');
  return users.length === 2 && users.includes(me) ? users.find(user => user !== me) : null;
}

function roomLabel(room) {
  const peer = directMessagePeer(room);
  return peer != null ? `@${peer}` : `#${room}`;
}

/** A LadderError as a sentence: the v1.1 reason first, when the node gave one. */
function describe(error) {
  if (error.reason) return `${error.code} (${error.reason}): ${REASONS[error.reason] ?? error.message}`;
  return error.code ? `${error.code}: ${error.message}` : error.message;
}

/** How a message's sender is shown: the API's bots and system (v1.1 `senderKind`; history items lack it, so the
 *  sender name tells), or null for a person. */
function senderKind(message) {
  if (message.senderKind) return message.senderKind;
  if (message.sender === 'system') return 'system';
  return message.sender?.startsWith('bot:') ? 'bot' : null;
}

function onMessage(message) {
  const state = roomState(message.room);
  state.messages.set(message.seq, message);
  if (message.sender === me) state.pending.delete(message.clientMsgId);
  if (message.room !== activeRoom) state.unread++;
  state.typing.delete(message.sender);
  renderIfActive(message.room);
  renderRooms();
}

function onPresence({ room, online, joinedUser, leftUser }) {
  const state = roomState(room);
  if (online) state.online = new Set(online);
  if (joinedUser) state.online.add(joinedUser);
  if (leftUser) state.online.delete(leftUser);
  if (room === activeRoom) renderPresence();
}

$('join-form').addEventListener('submit', event => {
  event.preventDefault();
  let room = $('room-input').value.trim();
  // v1 names are lower case; what follows a namespace's colon is kept as typed (user ids in dm: rooms have case).
  room = room.includes(':') ? room.replace(/^[^:]*/, ns => ns.toLowerCase()) : room.toLowerCase();
  $('room-input').value = '';
  if (room) joinRoom(room);
});

$('dm-form').addEventListener('submit', event => {
  event.preventDefault();
  const other = $('dm-input').value.trim();
  if (!USER_PATTERN.test(other) || other === me) {
    showError(other === me ? 'A direct message needs another name than yours.' : `"${other}" is not a user name.`);
    return;
  }
  $('dm-input').value = '';
  joinRoom(directMessageRoom(other));
});

$('messages').addEventListener('scroll', () => {
  if (isAtBottom()) $('new-messages').hidden = true;
});

$('new-messages').addEventListener('click', () => scrollToBottom());

$('send-form').addEventListener('submit', async event => {
  event.preventDefault();
  const text = $('message-input').value;
  if (!text.trim() || !activeRoom) return;
  $('message-input').value = '';
  const room = activeRoom;
  const clientMsgId = `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  roomState(room).pending.set(clientMsgId, text);
  renderIfActive(room);
  // Whoever writes wants to see what they wrote, even after scrolling up.
  scrollToBottom();
  try {
    await client.send(room, text, clientMsgId);
  } catch (error) {
    showError(`Not sent: ${describe(error)}`);
  } finally {
    roomState(room).pending.delete(clientMsgId);
    renderIfActive(room);
  }
});

$('message-input').addEventListener('input', () => {
  if (activeRoom && rooms.get(activeRoom)?.joined && Date.now() - lastTypingSent > TYPING_SENT_EVERY_MS) {
    lastTypingSent = Date.now();
    client.typing(activeRoom);
  }
});

setInterval(renderTyping, 1000);

function roomState(room) {
  let state = rooms.get(room);
  if (!state) {
    state = { messages: new Map(), pending: new Map(), online: new Set(), typing: new Map(), unread: 0, joined: false, refused: null };
    rooms.set(room, state);
    renderRooms();
  }
  return state;
}

function selectRoom(room) {
  activeRoom = room;
  const state = roomState(room);
  state.unread = 0;
  $('room-title').textContent = roomLabel(room);
  $('room-title').dataset.room = room;
  $('room-title').title = room;
  $('room-notice').hidden = state.refused == null;
  $('room-notice').textContent = state.refused == null ? '' : `You cannot open ${roomLabel(room)}: ${describe(state.refused)}`;
  $('message-input').disabled = $('send').disabled = state.refused != null;
  $('new-messages').hidden = true;
  renderRooms();
  renderMessages();
  scrollToBottom();
  renderPresence();
  renderTyping();
}

function renderIfActive(room) {
  if (room === activeRoom) renderMessages();
}

function renderRooms() {
  const list = $('rooms');
  list.replaceChildren();
  for (const [room, state] of rooms) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.room = room;
    button.textContent = roomLabel(room);
    button.title = room;
    if (room === activeRoom) button.classList.add('active');
    if (state.refused != null) button.classList.add('refused');
    if (state.unread > 0) {
      const unread = document.createElement('span');
      unread.className = 'unread';
      unread.textContent = ` (${state.unread})`;
      button.append(unread);
    }
    button.addEventListener('click', () => selectRoom(room));
    item.append(button);
    list.append(item);
  }
}

function renderMessages() {
  const state = rooms.get(activeRoom);
  const list = $('messages');
  const following = isAtBottom();
  const newestBefore = list.lastElementChild?.dataset.seq;
  const items = [];
  const seqs = [...state.messages.keys()].sort((a, b) => a - b).slice(-MAX_RENDERED);
  for (const seq of seqs) items.push(messageItem(state.messages.get(seq)));
  for (const [clientMsgId, text] of state.pending) {
    const item = messageItem({ sender: me, text, clientMsgId });
    item.classList.add('pending');
    items.push(item);
  }
  list.replaceChildren(...items);
  if (following) {
    scrollToBottom();
  } else if (list.lastElementChild?.dataset.seq !== newestBefore) {
    // The reader scrolled up to read: the list stays where it is and a hint offers the way down.
    $('new-messages').hidden = false;
  }
}

function isAtBottom() {
  const list = $('messages');
  return list.scrollTop + list.clientHeight >= list.scrollHeight - FOLLOW_SLACK_PX;
}

function scrollToBottom() {
  const list = $('messages');
  list.scrollTop = list.scrollHeight;
  $('new-messages').hidden = true;
}

function messageItem(message) {
  const item = document.createElement('li');
  if (message.seq != null) item.dataset.seq = message.seq;
  item.dataset.clientMsgId = message.clientMsgId ?? '';
  const kind = senderKind(message);
  if (kind != null) {
    item.classList.add(kind);
    item.dataset.senderKind = kind;
  }
  const sender = document.createElement('span');
  sender.className = 'sender';
  sender.textContent = kind === 'bot' ? message.sender.slice('bot:'.length) : message.sender;
  const text = document.createElement('span');
  text.className = 'text';
  if (message.deleted) {
    item.classList.add('deleted');
    text.textContent = 'message deleted';
  } else {
    text.textContent = message.text;
  }
  item.append(sender, text);
  if (message.ts) {
    const time = document.createElement('time');
    time.className = 'time';
    time.dateTime = message.ts;
    time.textContent = new Date(message.ts).toLocaleTimeString();
    item.append(time);
  }
  return item;
}

function renderPresence() {
  const list = $('presence');
  list.replaceChildren();
  for (const user of [...(rooms.get(activeRoom)?.online ?? [])].sort()) {
    const item = document.createElement('li');
    item.textContent = user;
    list.append(item);
  }
}

function renderTyping() {
  const state = rooms.get(activeRoom);
  if (!state) return;
  const now = Date.now();
  for (const [user, expiry] of state.typing) if (expiry < now) state.typing.delete(user);
  const users = [...state.typing.keys()];
  $('typing').textContent = users.length === 0 ? '' : `${users.join(', ')} ${users.length === 1 ? 'is' : 'are'} typing…`;
}

function showState(state) {
  $('state').textContent = state;
  $('state').dataset.state = state;
  $('transport').textContent = client ? `via ${client.transport === 'sse' ? 'SSE' : 'WebSocket'}` : '';
  if (state === 'stopped') showError('Disconnected by the server; reload to sign in again.');
}

function showError(text) {
  $('chat-error').textContent = text;
}
