// imlab web chat: a reference client of PROTOCOL.md v1 in plain JavaScript.
// It keeps, per conversation, the highest seq up to which it holds every message
// ("contiguous"), acks that cumulatively, pulls any gap it sees, and after every
// (re)connect catches up with sync + pull before trusting pushes again.
'use strict';

const PING_EVERY_MS = 20000;      // well under the gateway's idle timeout
const PULL_PAGE = 200;            // the protocol's maximum page
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];
const MAX_FRAMES = 500;           // the inspector keeps the newest ones
const STORED_TIP = 'stored: the server holds this message durably with this seq and will deliver it. ' +
    'It is the strongest state the protocol reports to the sender (there are no delivery or read receipts).';

const $ = (id) => document.getElementById(id);
const state = {
  userId: null, password: null, deviceId: null, token: null,
  ws: null, wanted: false, attempt: 0, everConnected: false,
  pingTimer: null, retryTimer: null,
  convs: new Map(),               // conversationId -> conversation
  pending: new Map(),             // clientMsgId -> message not yet stored
  current: null,
  catchUp: null,                  // {outstanding, count, reconnect} while sync+pull runs
  msgCounter: 0,
};

// ---------- HTTP ----------

async function api(path, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = 'Bearer ' + token;
  const res = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error((json.error || res.status) + ': ' + (json.message || res.statusText));
  return json;
}

function readCredentials() {
  const userId = $('userId').value.trim(), password = $('password').value, deviceId = $('deviceId').value.trim();
  if (!userId || !password || !deviceId) throw new Error('user id, password and device id are all needed');
  return { userId, password, deviceId };
}

async function register() {
  try {
    const c = readCredentials();
    await api('/api/v1/users', { userId: c.userId, password: c.password });
    notice('registered ' + c.userId + ', logging in…', 'ok');
    await login();
  } catch (e) { notice('register failed: ' + e.message, 'bad'); }
}

async function login() {
  try {
    const c = readCredentials();
    await fetchToken(c);
    Object.assign(state, c, { wanted: true, attempt: 0, everConnected: false });
    localStorage.setItem('imlab.deviceId', c.deviceId);
    localStorage.setItem('imlab.userId', c.userId);
    $('login').hidden = true; $('register').hidden = true; $('logout').hidden = false;
    for (const id of ['userId', 'password', 'deviceId']) $(id).disabled = true;
    connect();
  } catch (e) { notice('log in failed: ' + e.message, 'bad'); }
}

async function fetchToken(c) {
  const answer = await api('/api/v1/auth/token', { userId: c.userId, password: c.password, deviceId: c.deviceId });
  state.token = answer.token;
}

function logout() {
  state.wanted = false;
  clearTimeout(state.retryTimer);
  if (state.ws) state.ws.close(1000, 'log out');
  location.reload();
}

// ---------- WebSocket ----------

function connect() {
  clearTimeout(state.retryTimer);
  setConnection(state.everConnected ? 'reconnecting' : 'connecting');
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  const ws = new WebSocket(scheme + location.host + '/ws?token=' + encodeURIComponent(state.token));
  state.ws = ws;
  ws.onopen = () => {
    const reconnect = state.everConnected;
    state.everConnected = true;
    state.attempt = 0;
    setConnection('online');
    setComposerEnabled();
    clearInterval(state.pingTimer);
    state.pingTimer = setInterval(() => sendFrame({ type: 'ping' }), PING_EVERY_MS);
    for (const c of state.convs.values()) { c.pulling = null; c.queue = []; }
    state.catchUp = { outstanding: 1, count: 0, reconnect };
    sendFrame({ type: 'sync' });
    for (const m of state.pending.values()) sendFrame(m.frame); // same clientMsgId: the server dedupes
  };
  ws.onmessage = (event) => {
    let frame;
    try { frame = JSON.parse(event.data); } catch (e) { logFrame('in', event.data); return; }
    logFrame('in', frame);
    onFrame(frame);
  };
  ws.onclose = (event) => {
    if (state.ws !== ws) return;
    clearInterval(state.pingTimer);
    state.ws = null;
    setComposerEnabled();
    if (event.code === 4001) {
      state.wanted = false;
      setConnection('offline');
      notice('kicked: this device id connected somewhere else', 'bad');
      return;
    }
    if (state.wanted) scheduleReconnect(event);
  };
}

function scheduleReconnect(event) {
  const base = BACKOFF_MS[Math.min(state.attempt, BACKOFF_MS.length - 1)];
  const delay = Math.round(base * (0.75 + Math.random() * 0.5)); // jitter: clients of one crashed gateway spread out
  state.attempt++;
  setConnection('reconnecting');
  notice('connection lost (code ' + event.code + '); reconnecting in ' + (delay / 1000).toFixed(1) + ' s…');
  state.retryTimer = setTimeout(async () => {
    try {
      await fetchToken(state); // the old token may have expired while we were away
      connect();
    } catch (e) {
      scheduleReconnect({ code: 'http: ' + e.message });
    }
  }, delay);
}

function sendFrame(frame) {
  if (!state.ws || state.ws.readyState !== WebSocket.OPEN) return false;
  state.ws.send(JSON.stringify(frame));
  logFrame('out', frame);
  return true;
}

// ---------- frames in ----------

function onFrame(f) {
  switch (f.type) {
    case 'send_ack': return onSendAck(f);
    case 'push': return onPush(f);
    case 'sync_result': return onSyncResult(f);
    case 'pull_result': return onPullResult(f);
    case 'error': return onError(f);
    case 'kicked': return notice('kicked: ' + (f.reason || ''), 'bad');
    default: return; // pong, and types newer than this page
  }
}

function onSendAck(f) {
  const m = state.pending.get(f.clientMsgId);
  const c = conv(f.conversationId);
  state.pending.delete(f.clientMsgId);
  const msg = m || { from: state.userId, body: '', clientMsgId: f.clientMsgId, mine: true };
  Object.assign(msg, { seq: f.seq, serverTime: f.serverTime, state: 'stored' });
  c.messages.set(f.seq, msg);
  advance(c);
  render(c);
}

function onPush(f) {
  const c = conv(f.conversationId, f.groupId);
  if (f.seq <= c.contiguous) {         // a re-send of something we hold: our ack was lost or late
    sendAck(c, true);
    return;
  }
  addStored(c, f, false);
  if (f.seq > c.contiguous + 1) {      // a gap: fetch it before acking past it
    requestPull(c, c.contiguous + 1, f.seq - 1);
  }
  advance(c);
  if (!state.current) openConversation(c.id);
  render(c);
}

function onSyncResult(f) {
  for (const s of f.conversations || []) {
    const c = conv(s.conversationId);
    c.maxSeq = Math.max(c.maxSeq, s.maxSeq);
    if (c.contiguous < s.ackedSeq) {   // messages up to the cursor were seen on an earlier visit
      c.contiguous = s.ackedSeq;
      c.acked = Math.max(c.acked, s.ackedSeq);
    }
    if (s.maxSeq > c.contiguous) requestPull(c, c.contiguous + 1, s.maxSeq, true);
  }
  finishCatchUpStep();
  if (!state.current && state.convs.size) openConversation(state.convs.keys().next().value);
  renderConversations();
}

function onPullResult(f) {
  const c = conv(f.conversationId);
  const p = c.pulling;
  const messages = f.messages || [];
  for (const m of messages) {
    if (!c.messages.has(m.seq) || c.messages.get(m.seq).state === 'sending') {
      addStored(c, m, p && p.catchUp);
      if (p && p.catchUp && state.catchUp) state.catchUp.count++;
    }
  }
  c.pulling = null;
  if (p) {
    const last = messages.length ? messages[messages.length - 1].seq : p.to;
    if (messages.length >= PULL_PAGE && last < p.to) {
      c.queue.unshift({ from: last + 1, to: p.to, catchUp: p.catchUp });
    } else if (p.from <= c.contiguous + 1) {
      c.contiguous = Math.max(c.contiguous, p.to); // seqs the server left out (before a group join) stay out
    }
    if (p.catchUp && !c.queue.some((q) => q.catchUp)) finishCatchUpStep();
  }
  advance(c);
  nextPull(c);
  render(c);
}

function onError(f) {
  const m = f.ref && state.pending.get(f.ref);
  if (m) {
    if (f.code === 'UNAVAILABLE' || f.code === 'RATE_LIMITED') { // retry with the same clientMsgId
      setTimeout(() => { if (state.pending.has(m.clientMsgId)) sendFrame(m.frame); }, f.retryAfterMs || 1000);
      m.note = f.code + ', retrying';
    } else {
      state.pending.delete(f.ref);
      m.state = 'failed';
      m.note = f.code + ': ' + f.message;
    }
    render(conv(m.conversationId));
  } else {
    notice('server error ' + f.code + ': ' + f.message + (f.ref ? ' (' + f.ref + ')' : ''), 'bad');
  }
}

// ---------- conversations, seqs and acks ----------

function conv(id, groupId) {
  let c = state.convs.get(id);
  if (!c) {
    c = { id, messages: new Map(), contiguous: 0, acked: 0, maxSeq: 0, unread: 0, pulling: null, queue: [] };
    if (id.startsWith('sg_')) c.groupId = groupId || id.substring(3);
    else c.peer = id.substring(3).split('_').find((u) => u !== state.userId) || state.userId;
    state.convs.set(id, c);
  }
  return c;
}

function singleChatId(a, b) { return 'si_' + (a < b ? a + '_' + b : b + '_' + a); }

function addStored(c, m, caughtUp) {
  const mine = m.from === state.userId;
  const pending = mine && state.pending.get(m.clientMsgId); // our own send, stored before its send_ack reached us
  if (pending) state.pending.delete(m.clientMsgId);
  const msg = Object.assign(pending || {}, {
    seq: m.seq, from: m.from, body: m.body, clientMsgId: m.clientMsgId, serverTime: m.serverTime,
    mine, caughtUp: !!caughtUp, state: mine ? 'stored' : 'received',
  });
  c.messages.set(m.seq, msg);
  c.maxSeq = Math.max(c.maxSeq, m.seq);
  if (!mine && state.current !== c.id) c.unread++;
}

function advance(c) {
  while (c.messages.has(c.contiguous + 1) && c.messages.get(c.contiguous + 1).state !== 'sending') c.contiguous++;
  c.maxSeq = Math.max(c.maxSeq, c.contiguous);
  sendAck(c, false);
}

function sendAck(c, force) {
  if (c.contiguous < 1 || (!force && c.contiguous <= c.acked)) return;
  if (sendFrame({ type: 'ack', conversationId: c.id, seq: c.contiguous })) {
    c.acked = Math.max(c.acked, c.contiguous);
    for (const m of c.messages.values()) {
      if (m.state === 'received' && m.seq <= c.acked) m.state = 'delivered';
    }
  }
}

function requestPull(c, from, to, catchUp) {
  if (from > to) return;
  const covered = [c.pulling, ...c.queue].some((p) => p && p.from <= from && p.to >= to);
  if (covered && !catchUp) return;
  if (catchUp && state.catchUp) state.catchUp.outstanding++;
  c.queue.push({ from, to, catchUp: !!catchUp });
  nextPull(c);
}

function nextPull(c) {
  if (c.pulling || !c.queue.length) return;
  const p = c.queue.shift();
  if (p.to <= c.contiguous) { // already filled meanwhile
    if (p.catchUp && !c.queue.some((q) => q.catchUp)) finishCatchUpStep();
    return nextPull(c);
  }
  p.from = Math.max(p.from, c.contiguous + 1);
  c.pulling = p;
  sendFrame({ type: 'pull', conversationId: c.id, fromSeq: p.from, toSeq: p.to, limit: PULL_PAGE });
}

function finishCatchUpStep() {
  const cu = state.catchUp;
  if (!cu) return;
  cu.outstanding--;
  if (cu.outstanding > 0) return;
  state.catchUp = null;
  const what = 'caught up ' + cu.count + ' message' + (cu.count === 1 ? '' : 's') + ' via sync+pull';
  notice((cu.reconnect ? 'reconnected — ' : 'connected — ') + what, 'ok');
  renderConversations();
}

// ---------- sending ----------

function sendMessage() {
  const c = state.current && state.convs.get(state.current);
  const body = $('messageInput').value;
  if (!c || !body.trim()) return;
  const clientMsgId = state.deviceId + '-' + Date.now().toString(36) + '-' + (++state.msgCounter);
  const frame = { type: 'send', clientMsgId, body };
  if (c.groupId) frame.groupId = c.groupId; else frame.to = c.peer;
  const msg = { clientMsgId, from: state.userId, body, mine: true, state: 'sending', conversationId: c.id,
                localTime: Date.now(), frame };
  state.pending.set(clientMsgId, msg);
  sendFrame(frame); // if offline, it goes out again after the reconnect
  $('messageInput').value = '';
  render(c);
}

// ---------- rendering ----------

function openConversation(id) {
  const c = state.convs.get(id);
  if (!c) return;
  state.current = id;
  c.unread = 0;
  $('chatTitle').textContent = c.groupId ? '# ' + c.groupId : c.peer;
  setComposerEnabled();
  render(c);
}

function openChat() {
  const peer = $('peer').value.trim();
  if (!peer || !state.userId) return;
  if (peer === state.userId) { notice('sending to yourself is not a conversation', 'bad'); return; }
  openConversation(conv(singleChatId(state.userId, peer)).id);
  $('peer').value = '';
  $('messageInput').focus();
}

function openGroup() {
  const groupId = $('groupId').value.trim();
  if (!groupId || !state.userId) return;
  openConversation(conv('sg_' + groupId, groupId).id);
  $('groupId').value = '';
  $('messageInput').focus();
}

async function createGroup() {
  const groupId = $('newGroupId').value.trim();
  const members = $('newGroupMembers').value.split(/[\s,]+/).filter(Boolean);
  try {
    const g = await api('/api/v1/groups', { groupId, members }, state.token);
    notice('group ' + g.groupId + ' created: ' + g.members.join(', '), 'ok');
    openConversation(conv('sg_' + g.groupId, g.groupId).id);
  } catch (e) { notice('create group failed: ' + e.message, 'bad'); }
}

function render(c) {
  renderConversations();
  if (!c || c.id !== state.current) return;
  c.unread = 0;
  const list = $('messages');
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const stored = [...c.messages.values()].sort((a, b) => a.seq - b.seq);
  const sending = [...state.pending.values()].filter((m) => m.conversationId === c.id);
  list.replaceChildren(...stored.concat(sending).map(messageItem));
  $('chatMeta').textContent = c.id + ' · contiguous ' + c.contiguous + ' · acked ' + c.acked + ' · max ' + c.maxSeq;
  if (nearBottom || sending.length) list.scrollTop = list.scrollHeight;
}

function messageItem(m) {
  const li = el('li', 'message' + (m.mine ? ' mine' : '') + (m.caughtUp ? ' caught-up' : ''));
  li.dataset.testid = 'message';
  li.dataset.state = m.state;
  li.dataset.from = m.from;
  li.dataset.clientMsgId = m.clientMsgId;
  if (m.seq) li.dataset.seq = m.seq;
  if (m.caughtUp) li.title = 'arrived by sync + pull (catch-up or gap fill), not by push';
  if (!m.mine) li.appendChild(el('div', 'from', m.from));
  li.appendChild(el('div', 'body', m.body));
  const meta = el('div', 'meta');
  const t = m.serverTime || m.localTime;
  if (t) meta.appendChild(el('span', 'time', new Date(t).toLocaleTimeString()));
  const st = el('span', 'state', stateText(m));
  st.title = m.state === 'stored' ? STORED_TIP
      : m.state === 'delivered' ? 'delivered: this page has received it and acked it to the server'
      : m.state === 'received' ? 'received, not acked yet (waiting for an earlier seq)'
      : m.state === 'sending' ? 'sent, waiting for send_ack' : (m.note || '');
  meta.appendChild(st);
  li.appendChild(meta);
  return li;
}

function stateText(m) {
  switch (m.state) {
    case 'sending': return 'sending' + (m.note ? ' (' + m.note + ')' : '');
    case 'stored': return 'stored (seq ' + m.seq + ')';
    case 'received': return 'received (seq ' + m.seq + ')';
    case 'delivered': return 'delivered (seq ' + m.seq + ')';
    default: return 'failed: ' + (m.note || '');
  }
}

function renderConversations() {
  const ul = $('conversations');
  const items = [...state.convs.values()].map((c) => {
    const li = el('li', c.id === state.current ? 'active' : '');
    li.dataset.conversationId = c.id;
    li.appendChild(el('span', 'name', c.groupId ? '# ' + c.groupId : c.peer));
    const right = el('span');
    if (c.unread) right.appendChild(el('span', 'badge', String(c.unread)));
    right.appendChild(el('span', 'seq', ' seq ' + c.maxSeq));
    li.appendChild(right);
    li.onclick = () => openConversation(c.id);
    return li;
  });
  ul.replaceChildren(...items);
}

function logFrame(dir, frame) {
  const type = typeof frame === 'object' && frame ? frame.type : 'raw';
  const li = el('li', 'frame ' + dir);
  li.dataset.dir = dir;
  li.dataset.type = type;
  li.hidden = (type === 'ping' || type === 'pong') && $('hidePings').checked;
  const head = el('div', 'head');
  head.appendChild(el('span', 'dir', dir === 'in' ? '↓' : '↑'));
  head.appendChild(el('span', 'type', type));
  const now = new Date();
  head.appendChild(el('span', 'time', now.toLocaleTimeString() + '.' + String(now.getMilliseconds()).padStart(3, '0')));
  li.appendChild(head);
  li.appendChild(el('pre', '', typeof frame === 'string' ? frame : JSON.stringify(frame, null, 2)));
  const list = $('frames');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.appendChild(li);
  while (list.children.length > MAX_FRAMES) list.firstChild.remove();
  $('frameCount').textContent = String(list.children.length);
  if (atBottom) list.scrollTop = list.scrollHeight;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function notice(text, kind) {
  const n = $('notice');
  n.textContent = text;
  n.className = kind || '';
  n.hidden = false;
}

function setConnection(s) {
  const c = $('connection');
  c.dataset.state = s;
  c.textContent = s === 'online' ? 'online as ' + state.userId + ' / ' + state.deviceId : s;
}

function setComposerEnabled() {
  const on = !!state.current && !!state.userId;
  $('messageInput').disabled = !on;
  $('send').disabled = !on;
}

// ---------- wiring ----------

$('deviceId').value = localStorage.getItem('imlab.deviceId') || 'web-' + Math.random().toString(36).slice(2, 6);
$('userId').value = localStorage.getItem('imlab.userId') || '';
$('register').onclick = register;
$('login').onclick = login;
$('logout').onclick = logout;
$('password').addEventListener('keydown', (e) => { if (e.key === 'Enter') login(); });
$('openChat').onclick = openChat;
$('peer').addEventListener('keydown', (e) => { if (e.key === 'Enter') openChat(); });
$('openGroup').onclick = openGroup;
$('groupId').addEventListener('keydown', (e) => { if (e.key === 'Enter') openGroup(); });
$('createGroup').onclick = createGroup;
$('send').onclick = sendMessage;
$('messageInput').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); sendMessage(); }
});
$('clearFrames').onclick = () => { $('frames').replaceChildren(); $('frameCount').textContent = '0'; };
$('hidePings').onchange = () => {
  for (const f of $('frames').children) {
    f.hidden = (f.dataset.type === 'ping' || f.dataset.type === 'pong') && $('hidePings').checked;
  }
};
