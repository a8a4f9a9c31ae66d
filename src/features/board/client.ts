/**
 * The board page's script, as text (no build step, and it runs the same on Node and Workers). It
 * draws the snapshot embedded in the page at once, then follows the server: server-sent events on
 * Node (reconnecting by itself when the bot restarts), a poll every 15 s where there are none.
 * Charts are drawn by VChart, loaded after the first paint. No template literals below: this is a
 * TypeScript template string.
 */
export const BOARD_SCRIPT = String.raw`
(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('board-config').textContent);
  var state = { snap: JSON.parse(document.getElementById('board-data').textContent), skew: 0, charts: [] };
  var zh = cfg.locale !== 'en';
  var $ = function (id) { return document.getElementById(id); };
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function setSkew(now) { state.skew = new Date(now).getTime() - Date.now(); }
  function botNow() { return Date.now() + state.skew; }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function left(ms) {
    var s = Math.round(Math.abs(ms) / 1000), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    var t = (h ? h + ':' + pad(m) : m) + ':' + pad(s % 60);
    return ms < 0 ? (zh ? '已过 ' : 'past ') + t : t;
  }
  function tickCountdowns() {
    var now = botNow();
    var list = document.querySelectorAll('[data-countdown]');
    for (var i = 0; i < list.length; i++) {
      var n = list[i], ms = new Date(n.getAttribute('data-countdown')).getTime() - now;
      n.querySelector('.cd-time').textContent = left(ms);
      n.className = 'countdown ' + (ms < 60000 ? 'cd-red' : ms < 180000 ? 'cd-amber' : '');
    }
    var d = new Date(now);
    $('clock').textContent = d.toLocaleTimeString(zh ? 'zh-CN' : 'en', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: cfg.timeZone });
  }
  function row(r) {
    var li = el('li', 'row tone-' + (r.tone || 'grey'));
    var main = el('div', 'row-main');
    main.appendChild(el('div', 'row-title', r.title));
    if (r.detail) main.appendChild(el('div', 'row-detail', r.detail));
    if (r.progress) {
      var bar = el('div', 'bar');
      var fill = el('div', 'bar-fill');
      fill.style.width = (r.progress.total ? Math.round((100 * r.progress.done) / r.progress.total) : 0) + '%';
      bar.appendChild(fill);
      main.appendChild(bar);
      main.appendChild(el('div', 'bar-text', r.progress.done + ' / ' + r.progress.total));
    }
    li.appendChild(main);
    if (r.countdown) {
      var cd = el('div', 'countdown');
      cd.setAttribute('data-countdown', r.countdown.to);
      cd.appendChild(el('div', 'cd-label', r.countdown.label));
      cd.appendChild(el('div', 'cd-time', ''));
      li.appendChild(cd);
    }
    return li;
  }
  function block(b) {
    switch (b.type) {
      case 'rows': {
        var ul = el('ul', 'rows');
        b.rows.forEach(function (r) { ul.appendChild(row(r)); });
        if (b.more) ul.appendChild(el('li', 'more', (zh ? '还有 ' : 'and ') + b.more + (zh ? ' 项' : ' more')));
        return ul;
      }
      case 'tiles': {
        var g = el('div', 'tiles');
        b.tiles.forEach(function (t) {
          var d = el('div', 'tile tone-' + t.tone);
          d.appendChild(el('div', 'tile-label', t.label));
          if (t.value) d.appendChild(el('div', 'tile-value', t.value));
          if (t.detail) d.title = t.detail;
          g.appendChild(d);
        });
        return g;
      }
      case 'stats': {
        var s = el('div', 'stats');
        b.stats.forEach(function (x) {
          var d = el('div', 'stat tone-' + (x.tone || 'grey'));
          d.appendChild(el('div', 'stat-value', x.value));
          d.appendChild(el('div', 'stat-label', x.label));
          s.appendChild(d);
        });
        return s;
      }
      case 'progress': {
        var p = el('div', 'progress tone-' + (b.tone || 'grey'));
        var bar = el('div', 'bar big');
        var fill = el('div', 'bar-fill');
        fill.style.width = (b.total ? Math.round((100 * b.done) / b.total) : 0) + '%';
        bar.appendChild(fill);
        p.appendChild(el('div', 'progress-label', b.label));
        p.appendChild(bar);
        return p;
      }
      case 'chart': {
        var c = el('div', 'chart');
        c.setAttribute('data-chart', JSON.stringify(b));
        return c;
      }
      default:
        return el('div', 'note tone-' + (b.tone || 'grey'), b.text);
    }
  }
  function draw(snap) {
    state.snap = snap;
    setSkew(snap.now);
    state.charts.forEach(function (c) { try { c.release(); } catch (e) {} });
    state.charts = [];
    var grid = $('panels');
    var next = document.createDocumentFragment();
    snap.panels.forEach(function (p) {
      var sec = el('section', 'panel tone-' + (p.tone || 'grey') + (p.wide ? ' wide' : ''));
      sec.setAttribute('data-key', p.key);
      sec.appendChild(el('h2', '', p.title));
      p.blocks.forEach(function (b) { sec.appendChild(block(b)); });
      next.appendChild(sec);
    });
    grid.replaceChildren(next);
    $('team').textContent = snap.team.name;
    document.body.setAttribute('data-updated', String(Date.now()));
    if (!document.body.hasAttribute('data-first')) document.body.setAttribute('data-first', String(Date.now()));
    tickCountdowns();
    drawCharts();
  }
  var vchart;
  function loadVChart() {
    vchart = vchart || new Promise(function (resolve) {
      var s = document.createElement('script');
      s.src = cfg.vchart;
      s.onload = function () { resolve(window.VChart && (window.VChart.VChart || window.VChart.default) || null); };
      s.onerror = function () { resolve(null); };
      document.head.appendChild(s);
    });
    return vchart;
  }
  var COLORS = ['#3b82f6', '#f59e0b', '#10b981', '#a855f7'];
  function spec(b) {
    var values = [];
    b.series.forEach(function (s) {
      b.categories.forEach(function (c, i) {
        if (s.values[i] !== null && s.values[i] !== undefined) values.push({ x: c, y: s.values[i], s: s.name });
      });
    });
    var series = b.series.map(function (s, i) {
      var data = values.filter(function (v) { return v.s === s.name; });
      return s.kind === 'line'
        ? { type: 'line', data: { id: 's' + i, values: data }, xField: 'x', yField: 'y', seriesField: 's', point: { visible: false }, line: { style: { lineWidth: 3, lineDash: [6, 4] } } }
        : { type: 'bar', data: { id: 's' + i, values: data }, xField: 'x', yField: 'y', seriesField: 's' };
    });
    return {
      type: 'common', series: series, background: 'transparent', color: COLORS,
      axes: [
        { orient: 'bottom', type: 'band', label: { style: { fill: '#cbd5e1', fontSize: 14 } } },
        { orient: 'left', type: 'linear', label: { style: { fill: '#cbd5e1', fontSize: 14 } }, grid: { style: { stroke: '#334155' } } },
      ],
      legends: { visible: true, orient: 'top', item: { label: { style: { fill: '#e2e8f0', fontSize: 16 } } } },
    };
  }
  function drawCharts() {
    var boxes = document.querySelectorAll('.chart[data-chart]');
    if (!boxes.length) return;
    loadVChart().then(function (VChart) {
      if (!VChart) return;
      for (var i = 0; i < boxes.length; i++) {
        var box = boxes[i];
        if (!box.isConnected || box.getAttribute('data-drawn')) continue;
        try {
          var chart = new VChart(spec(JSON.parse(box.getAttribute('data-chart'))), { dom: box, animation: false });
          chart.renderSync();
          box.setAttribute('data-drawn', 'vchart');
          state.charts.push(chart);
        } catch (e) {
          box.setAttribute('data-drawn', 'failed');
          box.textContent = String(e && e.message || e);
        }
      }
    });
  }
  function status(text, cls) { var s = $('live'); s.textContent = text; s.className = cls; }
  function gone() {
    status(zh ? '链接已失效' : 'link revoked', 'live-off');
    $('panels').replaceChildren(el('div', 'revoked', zh ? '这个大屏链接已失效，请主管发送 /board 获取新链接。' : 'This board link no longer works: the supervisor sends /board for a new one.'));
  }
  var lastEvent = Date.now();
  function fetchOnce() {
    return fetch(cfg.data, { cache: 'no-store' }).then(function (r) {
      if (r.status === 401 || r.status === 404) { gone(); return false; }
      if (!r.ok) throw new Error(String(r.status));
      return r.json().then(function (s) { draw(s); lastEvent = Date.now(); status(zh ? '已更新' : 'updated', 'live-on'); return true; });
    }).catch(function () { status(zh ? '连接中断，重试中…' : 'offline, retrying…', 'live-wait'); return true; });
  }
  var es, dead = false;
  function connect() {
    if (dead) return;
    if (es) es.close();
    es = new EventSource(cfg.events);
    es.addEventListener('board', function (e) { lastEvent = Date.now(); draw(JSON.parse(e.data)); status(zh ? '实时' : 'live', 'live-on'); });
    es.addEventListener('clock', function (e) { lastEvent = Date.now(); setSkew(JSON.parse(e.data).now); });
    es.addEventListener('revoked', function () { dead = true; es.close(); gone(); });
    es.onopen = function () { lastEvent = Date.now(); status(zh ? '实时' : 'live', 'live-on'); };
    es.onerror = function () {
      status(zh ? '连接中断，重连中…' : 'reconnecting…', 'live-wait');
      // A refused reconnect (the link was revoked, or a proxy's 502) closes the source: ask why.
      if (es.readyState === 2) fetchOnce().then(function (alive) { if (alive) setTimeout(connect, 2000); else dead = true; });
    };
  }
  draw(state.snap);
  setInterval(tickCountdowns, 1000);
  if (cfg.live === 'sse' && window.EventSource) {
    connect();
    // Silence past two pings means a half-open connection: start again.
    setInterval(function () { if (!dead && Date.now() - lastEvent > 40000) connect(); }, 5000);
  } else {
    status(zh ? '每 15 秒刷新' : 'refreshes every 15 s', 'live-on');
    setInterval(fetchOnce, 15000);
  }
})();
`;
