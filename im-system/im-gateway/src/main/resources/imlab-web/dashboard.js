// Gateway dashboard: polls this gateway's stats every second, turns running totals into rates,
// shows the latency of each hop a message travels, and draws the last minute on plain canvases.
'use strict';

const POLL_MS = 1000;
const KEEP = 60;          // samples kept, one per poll: a minute, as long as the gateway's percentiles remember
const AVG_OVER = 5;       // the headline rates average this many samples, so one quiet second shows no 0
const END_TO_END = 'end-to-end';
// What each hop measures, for the row's tooltip; the gateway sends them in travel order.
const HOP_MEANING = {
  'gateway>transfer': "sender's gateway took the send → transfer read it from Kafka",
  'transfer>stored': 'transfer read it → seq allocated and message stored',
  'stored>push': 'stored → push role read it from Kafka',
  'push>gateway': 'push role read it → this gateway writes the push frame',
  'end-to-end': "sender's gateway took the send → this gateway writes the push frame",
};
// The v2 running totals under "features"; a server without them (or before its first one) reads as zeros.
const FEATURES = ['reads', 'recalls', 'recallsRefused', 'readReceipts', 'expiredReclaimed',
  'notificationsQueued', 'notificationsSent', 'notificationsRetried', 'notificationsDropped'];
const samples = [];       // {time, sendRate, pushRate, readRate, e2eP99, totalLag}
let previous = null;

const $ = (id) => document.getElementById(id);

async function poll() {
  try {
    const res = await fetch('/api/v1/stats', { cache: 'no-store' });
    if (!res.ok) throw new Error('HTTP ' + res.status);
    const s = await res.json();
    if (previous && s.time > previous.time) {
      const dt = (s.time - previous.time) / 1000;
      samples.push({
        time: s.time,
        sendRate: (s.sends - previous.sends) / dt,
        pushRate: (s.pushes - previous.pushes) / dt,
        readRate: (features(s).reads - features(previous).reads) / dt,
        e2eP99: hop(s, END_TO_END).p99Ms,
        totalLag: totalLag(s),
      });
      while (samples.length > KEEP) samples.shift();
    }
    previous = s;
    setStatus('online', 'live');
    render(s);
  } catch (e) {
    setStatus('reconnecting', 'stats unavailable: ' + e.message);
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

function hop(s, name) {
  return (s.hops && s.hops[name]) || { count: 0, p50Ms: 0, p99Ms: 0 };
}

function features(s) {
  const f = s.features || {};
  return Object.fromEntries(FEATURES.map((k) => [k, Number(f[k]) || 0]));
}

function totalLag(s) {
  return Object.values(s.consumerLag || {}).reduce((sum, v) => sum + v, 0);
}

function render(s) {
  const recent = samples.slice(-AVG_OVER);
  const avg = (key) => recent.length ? recent.reduce((sum, x) => sum + x[key], 0) / recent.length : 0;
  $('connections').textContent = String(s.connections);
  $('totals').textContent = s.sends + ' sends · ' + s.pushes + ' pushes in total';
  $('messageRate').textContent = avg('sendRate').toFixed(1);
  $('pushRate').textContent = avg('pushRate').toFixed(1);
  const e2e = hop(s, END_TO_END);
  $('e2eP50').textContent = e2e.count ? ms(e2e.p50Ms) : '–';
  $('e2eP99').textContent = e2e.count ? ms(e2e.p99Ms) : '–';
  $('unackedPushes').textContent = String(s.unackedPushes);
  $('unackedPushes').classList.toggle('warn', s.unackedPushes > 0);
  // A server without shedding (or before its first reading) shows it accepting.
  $('shedding').textContent = s.shedding ? 'shedding' : 'accepting';
  $('shedding').classList.toggle('bad', !!s.shedding);
  $('sheds').textContent = String(s.sheds || 0);
  $('pendingSends').textContent = String(s.pendingSends || 0);
  const f = features(s);
  $('readRate').textContent = avg('readRate').toFixed(1);
  for (const k of FEATURES) $(k).textContent = String(f[k]);
  $('notificationsDropped').classList.toggle('warn', f.notificationsDropped > 0); // each drop lost a notification
  const lags = Object.entries(s.consumerLag || {});
  $('totalLag').textContent = lags.length ? String(totalLag(s)) : '–';
  renderHops(s.hops || {});
  renderLag(lags);
  renderGateways(Object.entries(s.gateways || {}));
  renderCluster(s.cluster);
  chart($('messagesChart'), [{ key: 'sendRate', color: '#2f6fed' }, { key: 'pushRate', color: '#1f8b4c', dash: [5, 4] }]);
  chart($('latencyChart'), [{ key: 'e2eP99', color: '#c53030' }]);
  chart($('lagChart'), [{ key: 'totalLag', color: '#b7791f' }], true);
}

// One row per hop; the bar is p50 and its whisker reaches p99, both on the end-to-end p99's scale,
// so each hop's share of the total is visible and the slowest hop (by p99) is highlighted.
function renderHops(hops) {
  const entries = Object.entries(hops);
  const scale = Math.max(1e-9, ...entries.map(([, f]) => f.p99Ms));
  let slowest = null;
  for (const [name, f] of entries) {
    if (name !== END_TO_END && f.count && f.p99Ms > 0 && (!slowest || f.p99Ms > hops[slowest].p99Ms)) slowest = name;
  }
  for (const [name, f] of entries) {
    const row = rowFor($('hops'), 'hop', name, ['name', 'num', 'num', 'num p99'], ['whisker', 'median']);
    row.className = 'hop' + (name === END_TO_END ? ' total' : '') + (name === slowest ? ' slowest' : '');
    row.title = HOP_MEANING[name] || name;
    row.dataset.count = String(f.count);
    setCells(row, name + (name === slowest ? ' ◀ slowest' : ''), String(f.count),
      f.count ? ms(f.p50Ms) : '–', f.count ? ms(f.p99Ms) : '–');
    setBars(row, f.count ? f.p99Ms / scale : 0, f.count ? f.p50Ms / scale : 0);
  }
}

function renderLag(lags) {
  const body = $('lag').tBodies[0];
  const empty = body.querySelector('tr.empty');
  if (!lags.length) {
    if (empty) empty.cells[0].textContent = 'this process does not watch the consumer groups';
    return;
  }
  if (empty) empty.remove();
  const scale = Math.max(10, ...lags.map(([, v]) => v));  // a lag of a few records stays a short bar
  for (const [group, v] of lags) {
    const row = rowFor($('lag'), 'group', group, ['name', 'num'], ['lagbar']);
    row.className = 'role' + (v > 0 ? ' behind' : '');
    row.dataset.lag = String(v);
    setCells(row, group, String(v));
    setBars(row, v / scale);
  }
}

// Every live gateway of the cluster, as its heartbeat in Redis reported it (about once a second).
function renderGateways(gateways) {
  const body = $('gateways').tBodies[0];
  const empty = body.querySelector('tr.empty');
  if (!gateways.length) {
    if (empty) empty.cells[0].textContent = 'no gateway heartbeat in Redis';
    return;
  }
  if (empty) empty.remove();
  const scale = Math.max(1, ...gateways.map(([, v]) => v));
  for (const [id, connections] of gateways) {
    const row = rowFor($('gateways'), 'gateway', id, ['name', 'num'], ['lagbar']);
    row.className = 'role';
    row.dataset.connections = String(connections);
    setCells(row, id, String(connections));
    setBars(row, connections / scale);
  }
  for (const row of [...body.rows]) {
    if (!gateways.some(([id]) => id === row.dataset.gateway)) row.remove(); // that gateway died
  }
}

// The whole cluster, from every process's report in Redis: one row per live gateway and per role.
// A server without the cluster section (an older one) leaves the tables at their placeholder.
function renderCluster(c) {
  if (!c) return;
  $('clusterTotals').textContent = c.connections + ' connections · ' + c.sendsPerSecond.toFixed(1) + ' sends/s · '
    + c.pushesPerSecond.toFixed(1) + ' pushes/s in all';
  fillRows($('clusterGateways'), 'gateway', (c.gateways || []).map((g) => [g.gatewayId, String(g.connections),
    g.sendsPerSecond.toFixed(1), g.pushesPerSecond.toFixed(1), String(g.unackedPushes),
    g.shedding ? 'shedding' : g.ready ? 'ready' : 'not ready']), 'no gateway has reported');
  fillRows($('clusterRoles'), 'role', Object.entries(c.roles || {}).map(([role, r]) => [role, String(r.instances),
    String(r.ready), r.partitions == null ? '–' : String(r.partitions), r.lag == null ? '–' : String(r.lag)]),
    'no process has reported');
  for (const row of $('clusterRoles').tBodies[0].rows) {
    const live = Number(row.cells[1] && row.cells[1].textContent);
    row.classList.toggle('missing', row.dataset.role !== 'infra' && live === 0); // a role with nobody to do its work
  }
}

// Replaces a table's rows by these (first cell: the row's key), keeping rows whose key stays.
function fillRows(table, key, rows, emptyText) {
  const body = table.tBodies[0];
  const columns = table.tHead.rows[0].cells.length;
  if (!rows.length) {
    body.replaceChildren();
    const cell = body.insertRow().insertCell();
    cell.colSpan = columns;
    cell.textContent = emptyText;
    body.rows[0].className = 'empty';
    return;
  }
  for (const row of [...body.rows]) {
    if (row.classList.contains('empty') || !rows.some((r) => r[0] === row.dataset[key])) row.remove();
  }
  rows.forEach((cells, i) => {
    let row = [...body.rows].find((r) => r.dataset[key] === cells[0]);
    if (!row) {
      row = body.insertRow(Math.min(i, body.rows.length));
      row.dataset[key] = cells[0];
      cells.forEach((_, c) => { row.insertCell().className = c === 0 ? 'name' : c === cells.length - 1 && key === 'gateway' ? '' : 'num'; });
    }
    setCells(row, ...cells);
  });
}

// Rows are made once and updated in place, so a tooltip or a selection survives the next poll.
function rowFor(table, key, value, cellClasses, barClasses) {
  const body = table.tBodies[0];
  for (const row of body.rows) if (row.dataset[key] === value) return row;
  const row = body.insertRow();
  row.dataset[key] = value;
  for (const c of cellClasses) row.insertCell().className = c;
  const track = document.createElement('div');
  track.className = 'track';
  for (const b of barClasses) track.appendChild(document.createElement('div')).className = b;
  const barCell = row.insertCell();
  barCell.className = 'bar-col';
  barCell.appendChild(track);
  return row;
}

function setCells(row, ...texts) {
  texts.forEach((t, i) => { if (row.cells[i].textContent !== t) row.cells[i].textContent = t; });
}

function setBars(row, ...fractions) {
  const bars = row.querySelector('.track').children;
  fractions.forEach((f, i) => { bars[i].style.width = (Math.min(1, Math.max(0, f)) * 100).toFixed(1) + '%'; });
}

// Sub-millisecond hops are common in one process, so small figures keep two decimals.
function ms(v) {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function chart(canvas, series, integer) {
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth, h = canvas.clientHeight;
  if (canvas.width !== w * ratio || canvas.height !== h * ratio) {
    canvas.width = w * ratio;
    canvas.height = h * ratio;
  }
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, w, h);
  const left = 40, right = 8, top = 8, bottom = 20;
  const pw = w - left - right, ph = h - top - bottom;
  let max = 0;
  for (const s of samples) for (const ser of series) max = Math.max(max, s[ser.key]);
  max = niceCeiling(max || 1, integer);

  g.font = '11px system-ui, sans-serif';
  g.fillStyle = '#6b7380';
  g.strokeStyle = '#eceef1';
  g.lineWidth = 1;
  g.textAlign = 'right';
  g.textBaseline = 'middle';
  for (let i = 0; i <= 4; i++) {          // gridlines and y labels
    const y = top + ph - (ph * i) / 4;
    g.beginPath(); g.moveTo(left, Math.round(y) + 0.5); g.lineTo(w - right, Math.round(y) + 0.5); g.stroke();
    const v = (max * i) / 4;
    g.fillText(Number.isInteger(v) ? String(v) : v.toFixed(max < 2 ? 2 : 1), left - 6, y);
  }
  g.textAlign = 'left';
  g.textBaseline = 'top';
  g.fillText('-' + KEEP + ' s', left, top + ph + 4);
  g.textAlign = 'right';
  g.fillText('now', w - right, top + ph + 4);

  const x = (i) => left + pw - ((samples.length - 1 - i) * pw) / (KEEP - 1);
  const y = (v) => top + ph - (v / max) * ph;
  g.lineWidth = 2;
  g.lineJoin = 'round';
  for (const ser of series) {
    g.strokeStyle = g.fillStyle = ser.color;
    g.setLineDash(ser.dash || []);
    g.beginPath();
    samples.forEach((s, i) => (i ? g.lineTo(x(i), y(s[ser.key])) : g.moveTo(x(i), y(s[ser.key]))));
    g.stroke();
    const last = samples.length - 1;       // a dot on the newest value, so one sample is visible too
    if (last >= 0) {
      g.beginPath(); g.arc(x(last), y(samples[last][ser.key]), 2.5, 0, 2 * Math.PI); g.fill();
    }
  }
  g.setLineDash([]);
}

function niceCeiling(v, integer) {
  const steps = integer ? [1, 2, 4, 5, 10] : [1, 2, 2.5, 5, 10];
  const magnitude = Math.pow(10, Math.floor(Math.log10(v)));
  for (const s of steps) if (s * magnitude >= v) return Math.max(s * magnitude, integer ? 4 : 0);
  return 10 * magnitude;
}

function setStatus(state, text) {
  const c = $('connection');
  c.dataset.state = state;
  c.textContent = text;
}

poll();
