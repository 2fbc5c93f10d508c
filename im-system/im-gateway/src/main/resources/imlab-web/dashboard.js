// Gateway dashboard: polls the gateway's running totals every second, turns deltas into rates,
// and draws the last two minutes on plain canvases.
'use strict';

const POLL_MS = 1000;
const KEEP = 120;         // samples kept, one per poll: two minutes
const AVG_OVER = 5;       // the headline rates average this many samples, so one quiet second shows no 0
const samples = [];       // {time, connections, sendRate, pushRate, ackRate, inRate, outRate}
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
        time: s.time, connections: s.connections,
        sendRate: (s.sends - previous.sends) / dt, pushRate: (s.pushes - previous.pushes) / dt,
        ackRate: (s.sendAcks - previous.sendAcks) / dt,
        inRate: (s.framesIn - previous.framesIn) / dt, outRate: (s.framesOut - previous.framesOut) / dt,
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

function render(s) {
  $('connections').textContent = String(s.connections);
  const recent = samples.slice(-AVG_OVER);
  const avg = (key) => recent.length ? recent.reduce((sum, x) => sum + x[key], 0) / recent.length : 0;
  $('messageRate').textContent = avg('sendRate').toFixed(1);
  $('pushRate').textContent = avg('pushRate').toFixed(1);
  $('totals').innerHTML = '';
  for (const [k, v] of [['sends', s.sends], ['pushes', s.pushes], ['send_acks', s.sendAcks],
                        ['frames in', s.framesIn], ['frames out', s.framesOut]]) {
    const line = document.createElement('div');
    line.textContent = k.padEnd(11, '\u00a0') + v;
    $('totals').appendChild(line);
  }
  chart($('connectionsChart'), [{ key: 'connections', color: '#6b4fd8' }], true);
  chart($('messagesChart'), [{ key: 'sendRate', color: '#2f6fed' }, { key: 'pushRate', color: '#1f8b4c' },
                             { key: 'ackRate', color: '#b7791f' }]);
  chart($('framesChart'), [{ key: 'inRate', color: '#2f6fed' }, { key: 'outRate', color: '#1f8b4c' }]);
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
    g.fillText(Number.isInteger(v) ? String(v) : v.toFixed(1), left - 6, y);
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
    g.strokeStyle = ser.color;
    g.beginPath();
    samples.forEach((s, i) => (i ? g.lineTo(x(i), y(s[ser.key])) : g.moveTo(x(i), y(s[ser.key]))));
    g.stroke();
  }
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
