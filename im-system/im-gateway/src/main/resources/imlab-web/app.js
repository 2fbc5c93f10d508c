// imlab web chat: a reference client of PROTOCOL.md (v1 and the v2 additions) in plain JavaScript.
// It keeps, per conversation, the highest seq up to which it holds every message
// ("contiguous"), acks that cumulatively, pulls any gap it sees, and after every
// (re)connect catches up with sync + pull before trusting pushes again.
// v2: seqs below a conversation's minSeq have expired, so they count as held, never as a gap;
// the user's read seq (shared by all their devices) drives the unread badges, and the page
// reports what the user has seen with one coalesced `read`; a recall is a message of its own
// (a seq, a send_ack, a push) that blanks an earlier one, so it is acked but never drawn.
'use strict';

const PING_EVERY_MS = 20000;      // well under the gateway's idle timeout
const PULL_PAGE = 200;            // the protocol's maximum page
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];
const MAX_FRAMES = 500;           // the inspector keeps the newest ones
const READ_DELAY_MS = 300;        // a burst of messages in an open conversation becomes one read frame
const STORED_TIP = 'stored: the server holds this message durably with this seq and will deliver it. ' +
    'It is the strongest state the protocol reports to the sender about delivery (there are no delivery ' +
    'receipts); in a single chat "read" follows once the peer has read it.';
const READ_TIP = "read: the peer's read seq (peerReadSeq in sync_result, then read_receipt frames) " +
    'has reached this seq';
// What a refused recall means, next to the server's own message.
const RECALL_REFUSALS = {
  FORBIDDEN: 'only its sender, or the owner of its group, may recall a message',
  TOO_LATE: 'the recall window has passed',
  INVALID_FIELD: 'that message cannot be recalled: expired, already recalled, or a recall itself',
  NOT_MEMBER: 'you are not a member of this conversation',
};

const $ = (id) => document.getElementById(id);
const state = {
  userId: null, password: null, deviceId: null, token: null,
  ws: null, wanted: false, attempt: 0, everConnected: false,
  pingTimer: null, retryTimer: null,
  moveTimer: null, reconnectAt: 0,  // a draining gateway asked us to reconnect at this time (ms since epoch)
  convs: new Map(),               // conversationId -> conversation
  pending: new Map(),             // clientMsgId -> message not yet stored
  recalls: new Map(),             // clientMsgId -> recall not yet stored (or refused)
  current: null,
  catchUp: null,                  // {outstanding, count, reconnect} while sync+pull runs
  msgCounter: 0,
};

// ---------- HTTP ----------

async function api(path, body, token, method) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = 'Bearer ' + token;
  const res = await fetch(path, { method: method || 'POST', headers,
                                  body: body === undefined ? undefined : JSON.stringify(body) });
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
    state.reconnectAt = 0;
    setConnection('online');
    setComposerEnabled();
    clearInterval(state.pingTimer);
    state.pingTimer = setInterval(() => sendFrame({ type: 'ping' }), PING_EVERY_MS);
    for (const c of state.convs.values()) { c.pulling = null; c.queue = []; c.historyAsked = 0; }
    state.catchUp = { outstanding: 1, count: 0, reconnect };
    sendFrame({ type: 'sync' });
    for (const m of state.pending.values()) sendFrame(m.frame); // same clientMsgId: the server dedupes
    for (const r of state.recalls.values()) sendFrame(r.frame); // recalls are deduped the same way
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
    clearTimeout(state.moveTimer);
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
  // Jitter: clients of one crashed gateway spread out. A draining gateway chose our moment itself: never earlier.
  const delay = Math.max(Math.round(base * (0.75 + Math.random() * 0.5)), state.reconnectAt - Date.now());
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

// imlab's extension: the gateway drains before it stops. Keep using this connection for afterMs (drawn
// per device, so that its devices do not all arrive at the next gateway in the same second), then open
// a new one at the same address, which the load balancer sends to another gateway.
function onReconnect(f) {
  const ws = state.ws;
  const afterMs = Math.max(0, Number(f.afterMs) || 0);
  state.reconnectAt = Date.now() + afterMs;
  notice('the gateway is ' + (f.reason || 'going away') + ': moving to another in ' + (afterMs / 1000).toFixed(1) + ' s…');
  clearTimeout(state.moveTimer);
  state.moveTimer = setTimeout(() => {
    if (state.ws !== ws || !state.wanted) return; // lost meanwhile: that reconnect waits for reconnectAt too
    for (const c of state.convs.values()) sendAck(c, false); // what we hold goes out before we leave
    state.ws = null; // its close is ours: no back-off
    clearInterval(state.pingTimer);
    ws.close(1000, 'reconnect');
    state.reconnectAt = 0;
    connect();
  }, afterMs);
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
    case 'read_receipt': return onReadReceipt(f);
    case 'error': return onError(f);
    case 'kicked': return notice('kicked: ' + (f.reason || ''), 'bad');
    case 'reconnect': return onReconnect(f); // imlab extension: the gateway drains
    default: return; // pong, and types newer than this page
  }
}

function onSendAck(f) {
  const c = conv(f.conversationId);
  const recall = state.recalls.get(f.clientMsgId);
  let msg;
  if (recall) {                        // the recall is stored with its own seq; the target is blanked
    state.recalls.delete(f.clientMsgId);
    msg = { from: state.userId, body: '', clientMsgId: f.clientMsgId, mine: true, kind: 'recall',
            recalledSeq: recall.seq };
  } else {
    msg = state.pending.get(f.clientMsgId) || { from: state.userId, body: '', clientMsgId: f.clientMsgId, mine: true };
    state.pending.delete(f.clientMsgId);
  }
  Object.assign(msg, { seq: f.seq, serverTime: f.serverTime, state: 'stored' });
  putMessage(c, msg);
  c.readSeq = Math.max(c.readSeq, f.seq); // sending moves the sender's read seq
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

// No conversation is opened here: after a log in the list shows what is unread, as sync reported it.
function onSyncResult(f) {
  for (const s of f.conversations || []) {
    const c = conv(s.conversationId);
    c.maxSeq = Math.max(c.maxSeq, s.maxSeq);
    raiseMinSeq(c, s.minSeq);
    if (c.contiguous < s.ackedSeq) {   // messages up to the cursor were seen on an earlier visit
      c.contiguous = s.ackedSeq;
      c.acked = Math.max(c.acked, s.ackedSeq);
    }
    c.readSeq = Math.max(c.readSeq, s.readSeq || 0);
    if (s.peerReadSeq !== undefined) c.peerReadSeq = Math.max(c.peerReadSeq, s.peerReadSeq);
    if (s.maxSeq > c.contiguous) requestPull(c, c.contiguous + 1, s.maxSeq, true);
    advance(c);                        // everything may have expired: the cursor still moves past it
  }
  finishCatchUpStep();
  const open = state.current && state.convs.get(state.current);
  if (open) fetchUnreadHistory(open);
  render(open);
}

function onPullResult(f) {
  const c = conv(f.conversationId);
  const p = c.pulling;
  const messages = f.messages || [];
  raiseMinSeq(c, f.minSeq);
  for (const m of messages) {
    if (!c.messages.has(m.seq)) {
      addStored(c, m, p && (p.catchUp || p.history));
      if (p && p.catchUp && state.catchUp) state.catchUp.count++;
    } else if (m.recalled) {           // held since before it was recalled
      markRecalled(c, m.seq);
    }
  }
  c.pulling = null;
  if (p) {
    const last = messages.length ? messages[messages.length - 1].seq : p.to;
    if (messages.length >= PULL_PAGE && last < p.to) {
      c.queue.unshift({ from: last + 1, to: p.to, catchUp: p.catchUp, history: p.history });
    } else if (!p.history && p.from <= c.contiguous + 1) {
      c.contiguous = Math.max(c.contiguous, p.to); // seqs the server left out (before a group join) stay out
    }
    if (p.catchUp && !c.queue.some((q) => q.catchUp)) finishCatchUpStep();
  }
  advance(c);
  nextPull(c);
  render(c);
}

// Best effort, and sync is the truth: a lost receipt only delays a badge or a "read" until the next sync.
function onReadReceipt(f) {
  const c = conv(f.conversationId);
  if (f.userId === state.userId) c.readSeq = Math.max(c.readSeq, f.seq);  // read on another of our devices
  else if (f.userId === c.peer) c.peerReadSeq = Math.max(c.peerReadSeq, f.seq);
  render(c);
}

function onError(f) {
  const r = f.ref && state.recalls.get(f.ref);
  if (r) return onRecallRefused(r, f);
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

function onRecallRefused(r, f) {
  const c = conv(r.conversationId);
  const target = c.messages.get(r.seq);
  if (f.code === 'UNAVAILABLE' || f.code === 'RATE_LIMITED') { // retry with the same clientMsgId
    setTimeout(() => { if (state.recalls.has(r.clientMsgId)) sendFrame(r.frame); }, f.retryAfterMs || 1000);
    return;
  }
  state.recalls.delete(r.clientMsgId);
  if (target) { target.recalling = false; target.note = 'recall refused: ' + f.code; }
  const why = RECALL_REFUSALS[f.code];
  notice('recall of seq ' + r.seq + ' refused — ' + f.code + ': ' + f.message + (why ? ' (' + why + ')' : ''), 'bad');
  render(c);
}

// ---------- conversations, seqs and acks ----------

function conv(id, groupId) {
  let c = state.convs.get(id);
  if (!c) {
    c = {
      id, messages: new Map(), contiguous: 0, acked: 0, maxSeq: 0, pulling: null, queue: [],
      minSeq: 1,                  // lowest seq the server still holds; below it messages expired
      readSeq: 0,                 // this user's read seq, shared by all their devices
      peerReadSeq: 0,             // single chat: the other user's read seq
      recalled: new Map(),        // recalled seq -> seq of the recall, for a target that arrives later
      owner: undefined,           // group: its owner, once the group endpoint answered (null: asked)
      readTimer: null, historyAsked: 0,
    };
    if (id.startsWith('sg_')) c.groupId = groupId || id.substring(3);
    else c.peer = id.substring(3).split('_').find((u) => u !== state.userId) || state.userId;
    state.convs.set(id, c);
    learnOwner(c);
  }
  return c;
}

// A group's owner may recall any of its messages. Neither sync nor push says who the owner is, so the
// page asks the group endpoint once per group (after a reload too); until it answers, or if it refuses
// (no longer a member), the page offers a recall only on the user's own messages.
async function learnOwner(c) {
  if (!c.groupId || c.owner !== undefined) return;
  c.owner = null;                     // asked
  try {
    const g = await api('/api/v1/groups/' + encodeURIComponent(c.groupId), undefined, state.token, 'GET');
    c.owner = g.owner || null;
  } catch (e) {
    return;                           // not a member (any more), or the group is gone: no owner rights here
  }
  render(c);
}

function singleChatId(a, b) { return 'si_' + (a < b ? a + '_' + b : b + '_' + a); }

function addStored(c, m, caughtUp) {
  const mine = m.from === state.userId;
  const isRecall = m.kind === 'recall';
  // Our own send or recall, stored before its send_ack reached us (the ack was lost in a reconnect).
  if (mine && isRecall) state.recalls.delete(m.clientMsgId);
  const pending = mine && !isRecall && state.pending.get(m.clientMsgId);
  if (pending) state.pending.delete(m.clientMsgId);
  const msg = Object.assign(pending || {}, {
    seq: m.seq, from: m.from, body: m.body, clientMsgId: m.clientMsgId, serverTime: m.serverTime,
    kind: m.kind, recalledSeq: m.recalledSeq, recalled: !!m.recalled,
    mine, caughtUp: !!caughtUp, state: mine ? 'stored' : 'received',
  });
  putMessage(c, msg);
  if (mine) c.readSeq = Math.max(c.readSeq, m.seq); // sent from another of our devices: sending reads
}

// Every stored message goes in here, so a recall that arrived before its target still blanks it.
function putMessage(c, msg) {
  if (c.recalled.has(msg.seq)) Object.assign(msg, { recalled: true, recalledBy: c.recalled.get(msg.seq) });
  if (msg.recalled) Object.assign(msg, { body: '', recalling: false });
  c.messages.set(msg.seq, msg);
  c.maxSeq = Math.max(c.maxSeq, msg.seq);
  if (msg.kind === 'recall') markRecalled(c, msg.recalledSeq, msg.seq);
}

function markRecalled(c, seq, bySeq) {
  if (bySeq) c.recalled.set(seq, bySeq);
  const target = c.messages.get(seq);
  if (target) Object.assign(target, { recalled: true, body: '', recalling: false, note: null },
                            bySeq ? { recalledBy: bySeq } : {});
}

// Seqs below minSeq expired: they are held as far as acks and gaps go, and never pulled or waited for.
function raiseMinSeq(c, minSeq) {
  if (!(minSeq > c.minSeq)) return;   // absent (a v1 server) or not higher
  c.minSeq = minSeq;
  c.contiguous = Math.max(c.contiguous, minSeq - 1);
}

function advance(c) {
  while (c.messages.has(c.contiguous + 1)) c.contiguous++;
  c.maxSeq = Math.max(c.maxSeq, c.contiguous);
  sendAck(c, false);
}

// The server's formula, so the badge after a sync equals sync's unread, and then moves with pushes,
// sends and reads (ours, or another device's read_receipt) without asking again.
function unreadOf(c) {
  return Math.max(0, c.maxSeq - Math.max(c.readSeq, c.minSeq - 1));
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
  const floor = p.history ? c.minSeq : c.contiguous + 1;
  if (p.to < floor) { // already filled, or expired, meanwhile
    if (p.catchUp && !c.queue.some((q) => q.catchUp)) finishCatchUpStep();
    return nextPull(c);
  }
  p.from = Math.max(p.from, floor);
  c.pulling = p;
  sendFrame({ type: 'pull', conversationId: c.id, fromSeq: p.from, toSeq: p.to, limit: PULL_PAGE });
}

// Catch-up pulls only what this device has not acked; messages it acked on an earlier visit but the
// user has not read yet are fetched when the conversation is opened, so that what the page reports
// as read has been on the screen.
function fetchUnreadHistory(c) {
  const to = c.contiguous;
  if (to <= c.historyAsked) return;    // asked already; what did not come back is not there
  let from = Math.max(c.minSeq, c.readSeq + 1, c.historyAsked + 1);
  while (from <= to && c.messages.has(from)) from++;
  if (from > to) return;
  c.historyAsked = to;
  c.queue.push({ from, to, history: true });
  nextPull(c);
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

function newClientMsgId() {
  return state.deviceId + '-' + Date.now().toString(36) + '-' + (++state.msgCounter);
}

function sendMessage() {
  const c = state.current && state.convs.get(state.current);
  const body = $('messageInput').value;
  if (!c || !body.trim()) return;
  const clientMsgId = newClientMsgId();
  const frame = { type: 'send', clientMsgId, body };
  if (c.groupId) frame.groupId = c.groupId; else frame.to = c.peer;
  const msg = { clientMsgId, from: state.userId, body, mine: true, state: 'sending', conversationId: c.id,
                localTime: Date.now(), frame };
  state.pending.set(clientMsgId, msg);
  sendFrame(frame); // if offline, it goes out again after the reconnect
  $('messageInput').value = '';
  render(c);
}

// The page offers a recall on the user's own messages, and on every message of a group the user owns;
// it does not know the window, so TOO_LATE comes from the server.
function canRecall(c, m) {
  return !!m.seq && !m.kind && !m.recalled && !m.recalling
      && (m.mine || (!!c.groupId && c.owner === state.userId));
}

function recallMessage(c, m) {
  if (!canRecall(c, m)) return;
  const clientMsgId = newClientMsgId();   // a recall is a message: its own clientMsgId, its own seq
  const frame = { type: 'recall', clientMsgId, conversationId: c.id, seq: m.seq };
  state.recalls.set(clientMsgId, { clientMsgId, conversationId: c.id, seq: m.seq, frame });
  Object.assign(m, { recalling: true, note: null });
  sendFrame(frame); // if offline, it goes out again after the reconnect
  render(c);
}

// ---------- reading ----------

function isViewing(c) {
  return !!c && state.current === c.id && document.visibilityState === 'visible';
}

// One read frame for whatever arrives within READ_DELAY_MS, not one per message.
function scheduleRead(c) {
  if (c.readTimer || !isViewing(c) || c.contiguous <= c.readSeq) return;
  c.readTimer = setTimeout(() => { c.readTimer = null; sendRead(c); }, READ_DELAY_MS);
}

// "Read up to contiguous": everything up to it is held, and drawn (a pull still running draws more
// first, and its result schedules this again).
function sendRead(c) {
  if (!isViewing(c) || c.pulling || c.queue.length) return;
  const seq = c.contiguous;
  if (seq <= c.readSeq) return;
  if (sendFrame({ type: 'read', conversationId: c.id, seq })) { // offline: the next render tries again
    c.readSeq = seq;
    render(c);
  }
}

// ---------- rendering ----------

function openConversation(id) {
  const c = state.convs.get(id);
  if (!c) return;
  state.current = id;
  fetchUnreadHistory(c);
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
    const c = conv('sg_' + g.groupId, g.groupId);
    c.owner = g.owner;
    openConversation(c.id);
  } catch (e) { notice('create group failed: ' + e.message, 'bad'); }
}

function render(c) {
  renderConversations();
  if (!c || c.id !== state.current) return;
  const list = $('messages');
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  // A recall has a seq (it is acked like any message) but is drawn as the message it blanked.
  const stored = [...c.messages.values()].filter((m) => m.kind !== 'recall').sort((a, b) => a.seq - b.seq);
  const sending = [...state.pending.values()].filter((m) => m.conversationId === c.id);
  const items = stored.concat(sending).map((m) => messageItem(c, m));
  if (c.minSeq > 1) items.unshift(expiredItem(c));
  list.replaceChildren(...items);
  $('chatMeta').textContent = c.id + ' · min ' + c.minSeq + ' · contiguous ' + c.contiguous + ' · acked ' + c.acked
      + ' · read ' + c.readSeq + (c.peer ? ' · peer read ' + c.peerReadSeq : '') + ' · max ' + c.maxSeq
      + (c.owner ? ' · owner ' + c.owner : '');
  if (nearBottom || sending.length) list.scrollTop = list.scrollHeight;
  scheduleRead(c);
}

function expiredItem(c) {
  // In a group, minSeq is also past the point where this user joined: what came before is not theirs.
  const group = c.id.startsWith('sg_');
  const li = el('li', 'expired', group ? 'older messages expired or came before you joined' : 'older messages expired');
  li.dataset.testid = 'expired';
  li.dataset.minSeq = c.minSeq;
  li.title = 'seqs 1–' + (c.minSeq - 1) + (group ? ' are past the server\'s message ttl or before you joined'
      : ' are past the server\'s message ttl') + ': minSeq is ' + c.minSeq
      + ', so the page neither pulls them nor waits for them';
  return li;
}

function messageItem(c, m) {
  const li = el('li', 'message' + (m.mine ? ' mine' : '') + (m.caughtUp ? ' caught-up' : '')
      + (m.recalled ? ' recalled' : ''));
  li.dataset.testid = 'message';
  li.dataset.state = m.state;
  li.dataset.from = m.from;
  li.dataset.clientMsgId = m.clientMsgId;
  if (m.seq) li.dataset.seq = m.seq;
  if (m.caughtUp) li.title = 'arrived by sync + pull (catch-up, gap fill or unread history), not by push';
  if (!m.mine) li.appendChild(el('div', 'from', m.from));
  li.appendChild(el('div', 'body', m.recalled ? 'message recalled' : m.body));
  if (m.kind && m.kind !== 'recall') li.appendChild(el('div', 'kind', 'kind: ' + m.kind)); // newer than this page
  const meta = el('div', 'meta');
  const t = m.serverTime || m.localTime;
  if (t) meta.appendChild(el('span', 'time', new Date(t).toLocaleTimeString()));
  const st = el('span', 'state', stateText(m));
  st.title = m.state === 'stored' ? STORED_TIP
      : m.state === 'delivered' ? 'delivered: this page has received it and acked it to the server'
      : m.state === 'received' ? 'received, not acked yet (waiting for an earlier seq)'
      : m.state === 'sending' ? 'sent, waiting for send_ack' : (m.note || '');
  meta.appendChild(st);
  if (m.recalled) {
    li.dataset.recalled = 'true';
    const by = el('span', 'recall-info', m.recalledBy ? 'recalled by seq ' + m.recalledBy : 'recalled');
    by.title = 'a recall is a message of its own: it took the next seq, and the server blanked this one';
    meta.appendChild(by);
  }
  if (c.peer && m.mine && m.seq && m.seq <= c.peerReadSeq) {
    li.dataset.read = 'true';
    meta.appendChild(el('span', 'read', 'read')).title = READ_TIP;
  }
  if (m.recalling) meta.appendChild(el('span', 'recall-info', 'recalling…'));
  else if (m.seq && m.note) meta.appendChild(el('span', 'note', m.note));
  if (canRecall(c, m)) {
    const b = el('button', 'recall', 'recall');
    b.type = 'button';
    b.dataset.testid = 'recall';
    b.title = 'send a recall frame for seq ' + m.seq + ' (allowed to its sender within the recall window, '
        + 'and to the group owner)';
    b.onclick = () => recallMessage(c, m);
    meta.appendChild(b);
  }
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
    const unread = isViewing(c) ? 0 : unreadOf(c); // what is on the screen is being read now
    li.dataset.unread = String(unread);
    if (unread) {
      const badge = right.appendChild(el('span', 'badge', String(unread)));
      badge.dataset.testid = 'unread';
      badge.title = 'unread: max ' + c.maxSeq + ' − max(read ' + c.readSeq + ', min ' + c.minSeq + ' − 1)';
    }
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
document.addEventListener('visibilitychange', () => render(state.current && state.convs.get(state.current)));
$('clearFrames').onclick = () => { $('frames').replaceChildren(); $('frameCount').textContent = '0'; };
$('hidePings').onchange = () => {
  for (const f of $('frames').children) {
    f.hidden = (f.dataset.type === 'ping' || f.dataset.type === 'pong') && $('hidePings').checked;
  }
};
