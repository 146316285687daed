// The demo web chat. Every piece of user text goes into the page with textContent, never as HTML.
import { LadderClient, devToken } from './ladder-client.js';

const $ = id => document.getElementById(id);
const params = new URLSearchParams(location.search);
const MAX_RENDERED = 500;
const TYPING_SHOWN_MS = 4000;
const TYPING_SENT_EVERY_MS = 2000;

const rooms = new Map(); // room -> { messages: Map(seq -> message), pending: Map(clientMsgId -> text), online: Set, typing: Map(user -> expiry), unread }
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
  client.on('truncated', ({ room }) => showError(`Some older messages of #${room} are only in the history.`));
  client.on('error', ({ code, message }) => showError(`${code}: ${message}`));

  $('sign-in-form').hidden = true;
  $('chat').hidden = false;
  $('whoami').textContent = `signed in as ${name}`;
  showState(client.state);
  await client.connect();
  await joinRoom(params.get('room') ?? 'general');
}

async function joinRoom(room) {
  roomState(room);
  selectRoom(room);
  try {
    await client.join(room);
    const page = await client.history(room, { limit: 50 });
    for (const item of page.messages) {
      const state = roomState(room);
      if (!state.messages.has(item.seq)) state.messages.set(item.seq, { ...item, room });
    }
    renderIfActive(room);
  } catch (error) {
    showError(`#${room}: ${error.message}`);
  }
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
  const room = $('room-input').value.trim().toLowerCase();
  $('room-input').value = '';
  if (room) joinRoom(room);
});

$('send-form').addEventListener('submit', async event => {
  event.preventDefault();
  const text = $('message-input').value;
  if (!text.trim() || !activeRoom) return;
  $('message-input').value = '';
  const room = activeRoom;
  const clientMsgId = `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  roomState(room).pending.set(clientMsgId, text);
  renderIfActive(room);
  try {
    await client.send(room, text, clientMsgId);
  } catch (error) {
    showError(`Not sent: ${error.message}`);
  } finally {
    roomState(room).pending.delete(clientMsgId);
    renderIfActive(room);
  }
});

$('message-input').addEventListener('input', () => {
  if (activeRoom && Date.now() - lastTypingSent > TYPING_SENT_EVERY_MS) {
    lastTypingSent = Date.now();
    client.typing(activeRoom);
  }
});

setInterval(renderTyping, 1000);

function roomState(room) {
  let state = rooms.get(room);
  if (!state) {
    state = { messages: new Map(), pending: new Map(), online: new Set(), typing: new Map(), unread: 0 };
    rooms.set(room, state);
    renderRooms();
  }
  return state;
}

function selectRoom(room) {
  activeRoom = room;
  roomState(room).unread = 0;
  $('room-title').textContent = `#${room}`;
  renderRooms();
  renderMessages();
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
    button.textContent = `#${room}`;
    if (room === activeRoom) button.classList.add('active');
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
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
  const items = [];
  const seqs = [...state.messages.keys()].sort((a, b) => a - b).slice(-MAX_RENDERED);
  for (const seq of seqs) items.push(messageItem(state.messages.get(seq)));
  for (const [clientMsgId, text] of state.pending) {
    const item = messageItem({ sender: me, text, clientMsgId });
    item.classList.add('pending');
    items.push(item);
  }
  list.replaceChildren(...items);
  if (atBottom) list.scrollTop = list.scrollHeight;
}

function messageItem(message) {
  const item = document.createElement('li');
  if (message.seq != null) item.dataset.seq = message.seq;
  item.dataset.clientMsgId = message.clientMsgId ?? '';
  const sender = document.createElement('span');
  sender.className = 'sender';
  sender.textContent = message.sender;
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
