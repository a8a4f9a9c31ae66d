// The sandbox console: places server-rendered messages, posts what a member does, listens for changes.
// Plain ES module, no build step. Message and card HTML comes escaped from the server (src/sandbox/render).

const API = '/sandbox/console';
const COLORS = ['#3370ff', '#ff8800', '#2ea121', '#7f3bf5', '#f54a45', '#0b9e8a', '#d99904', '#e22e6c'];

const $ = (id) => document.getElementById(id);
const esc = (s) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

const S = {
  platform: null, // which platform the sandbox emulates, and its words (state.platform)
  bot: null,
  chats: [],
  people: [],
  messages: new Map(), // messageId → shown message
  order: [], // messageIds in arrival order
  urgent: [],
  violations: [],
  calls: [],
  clock: null,
  clockAt: 0,
  jobs: [],
  status: null,
  speaker: localStorage.getItem('fw.speaker') || '',
  view: localStorage.getItem('fw.view') || 'group', // 'group' | 'p2p'
  unread: new Map(), // chatId → count
  seen: new Set(),
  samples: [], // bundled export files: { name, size }
  replyTo: null, // messageId the next message or file replies to
};

// ── helpers ──────────────────────────────────────────────────────────────────
/** A job run as the console says it: ran / skipped (another replica had the slot) / failed, with why. */
function jobResult(run) {
  if (run.result === 'ran') return run.outcome && run.outcome !== 'ok' ? `已运行（${run.outcome}）` : '已运行';
  if (run.result === 'skipped') return '已跳过（这一轮已有实例在运行）';
  return `运行失败：${(run.outcome || '').replace(/^error: /, '') || '原因不明'}`;
}

async function call(path, body) {
  const res = await fetch(
    API + path,
    body === undefined
      ? {}
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  let data;
  try {
    data = await res.json();
  } catch {
    data = { ok: false, error: `HTTP ${res.status}` };
  }
  if (!res.ok || data.ok === false) throw new Error(data.error || `HTTP ${res.status}`);
  return data;
}

function colorOf(name) {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  return COLORS[h % COLORS.length];
}
function avatar(name, bot) {
  // As Feishu does for Chinese names without a photo: the last two characters.
  const letter = bot ? '管家' : [...name].slice(-2).join('');
  const bg = bot ? 'linear-gradient(135deg,#3370ff,#1ac6ff)' : colorOf(name);
  return `<div class="avatar" style="background:${bg}">${esc(letter)}</div>`;
}
function roleTag(person) {
  return person.role
    ? `<span class="role role-${person.role}">${esc(person.roleName)}</span>`
    : '<span class="role role-none">未登记</span>';
}
const tz = () => S.clock?.timeZone || 'Asia/Shanghai';
const fmt = (ms, opts) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: tz(), hour12: false, ...opts }).format(new Date(ms));
const hm = (ms) => fmt(ms, { hour: '2-digit', minute: '2-digit' });
const dayOf = (ms) => fmt(ms, { month: 'long', day: 'numeric', weekday: 'short' });

function toast(type, content) {
  const el = $('toast');
  const icon = { success: '✓', info: 'i', warning: '!', error: '×' }[type] || 'i';
  el.className = type in { success: 1, info: 1, warning: 1, error: 1 } ? type : 'info';
  el.innerHTML = `<span class="t-icon">${icon}</span><span class="t-text">${esc(content)}</span>`;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (el.hidden = true), 3500);
}

const me = () => S.people.find((p) => p.openId === S.speaker) || S.people[0];
const groupChat = () => S.chats.find((c) => c.type === 'group');
function currentChatId() {
  if (S.view === 'p2p') return me()?.p2pChatId;
  return groupChat()?.chatId;
}
const nameOf = (openId) =>
  openId === S.bot?.openId ? S.bot.name : S.people.find((p) => p.openId === openId)?.name || openId;

// ── sidebar ──────────────────────────────────────────────────────────────────
function renderSidebar() {
  const g = groupChat();
  const p = me();
  const items = [];
  if (g)
    items.push({
      view: 'group',
      chatId: g.chatId,
      name: g.name,
      sub: `${g.memberOpenIds.length} 位成员 + 机器人`,
      av: `<div class="avatar" style="background:#3370ff">客</div>`,
    });
  if (p)
    items.push({
      view: 'p2p',
      chatId: p.p2pChatId,
      name: S.bot?.name || '现场管家',
      sub: `与 ${p.name} 的私聊`,
      av: avatar('', true),
    });
  $('chat-list').innerHTML = items
    .map((it) => {
      const n = S.unread.get(it.chatId) || 0;
      return `<button class="chat-item${S.view === it.view ? ' active' : ''}" data-view="${it.view}">${it.av}<div class="ci-main"><div class="ci-name">${esc(it.name)}</div><div class="ci-sub">${esc(it.sub)}</div></div>${n ? `<span class="badge">${n}</span>` : ''}</button>`;
    })
    .join('');
  $('people').innerHTML = S.people
    .map((x) => {
      const n = S.unread.get(x.p2pChatId) || 0;
      return `<button class="person${x.openId === p?.openId ? ' active' : ''}" data-person="${esc(x.name)}" data-open-id="${esc(x.openId)}" title="${esc(x.title)}">${avatar(x.name)}<div class="ci-main"><div class="ci-name">${esc(x.name)} ${roleTag(x)}</div><div class="ci-sub">${esc(x.title)}</div></div>${n ? `<span class="badge" title="机器人私聊了 ${esc(x.name)}">${n}</span>` : ''}</button>`;
    })
    .join('');
  $('speaker-chip').innerHTML = p ? `${avatar(p.name)}<span>以 <b>${esc(p.name)}</b> 发送</span>` : '';
}

$('chat-list').addEventListener('click', (e) => {
  const b = e.target.closest('[data-view]');
  if (!b) return;
  S.view = b.dataset.view;
  localStorage.setItem('fw.view', S.view);
  openChat();
});
$('people').addEventListener('click', (e) => {
  const b = e.target.closest('[data-open-id]');
  if (!b) return;
  S.speaker = b.dataset.openId;
  localStorage.setItem('fw.speaker', S.speaker);
  openChat();
  $('composer').focus();
});

// ── messages ─────────────────────────────────────────────────────────────────
function messageHtml(m) {
  const mine = !m.fromBot && m.senderOpenId === S.speaker;
  const person = S.people.find((p) => p.openId === m.senderOpenId);
  const tag = m.fromBot ? '<span class="role role-bot">机器人</span>' : person ? roleTag(person) : '';
  const buzzes = S.urgent.filter((u) => u.messageId === m.messageId && u.result === 'ok');
  const buzzLine = buzzes.length
    ? `<div class="buzz">已加急：${buzzes.map((u) => `${esc(u.callees.join('、'))}（${esc(u.kindName)} ${hm(u.time)}）`).join('；')}</div>`
    : '';
  const body = m.msgType === 'interactive' || m.msgType === 'file' ? m.html : `<div class="bubble">${m.html}</div>`;
  return (
    `<div class="msg${mine ? ' me' : ''}${m.fromBot ? ' bot' : ''}" id="m-${esc(m.messageId)}" data-message-id="${esc(m.messageId)}">` +
    avatar(m.senderName, m.fromBot) +
    `<div class="msg-main"><div class="msg-meta"><span class="name">${esc(m.senderName)}</span>${tag}<span class="time">${hm(m.createTime)}</span>${m.updateTime !== m.createTime ? `<span class="updated">已更新 ${hm(m.updateTime)}</span>` : ''}<button class="reply-btn" data-reply="${esc(m.messageId)}" title="回复这条消息">回复</button></div>` +
    (m.quote ? `<div class="quote">回复 ${esc(m.quote)}</div>` : '') +
    body +
    buzzLine +
    `</div></div>`
  );
}

function renderMessages() {
  const chatId = currentChatId();
  const list = S.order.map((id) => S.messages.get(id)).filter((m) => m && m.chatId === chatId);
  const box = $('messages');
  if (!list.length) {
    box.innerHTML = `<div class="empty">${S.view === 'p2p' ? `这是 ${esc(me()?.name)} 和机器人的私聊。<br>私聊里直接发命令，不用 @，例如 /help。` : '群里还没有消息。<br>试试发送 /help。'}</div>`;
    return;
  }
  let html = '';
  let lastDay = '';
  for (const m of list) {
    const d = dayOf(m.createTime);
    if (d !== lastDay) html += `<div class="day">${esc(d)}</div>`;
    lastDay = d;
    html += messageHtml(m);
  }
  box.innerHTML = html;
  box.scrollTop = box.scrollHeight;
  drawCharts();
}

function openChat() {
  const chatId = currentChatId();
  S.unread.delete(chatId);
  const g = groupChat();
  if (S.view === 'group' && g) {
    $('chat-name').textContent = g.name;
    $('chat-sub').textContent =
      `${g.memberOpenIds.length} 位成员 · ${S.bot?.name} 在群里` +
      (g.ownerOpenId ? ` · 群主 ${nameOf(g.ownerOpenId)}` : ' · 钉钉不告诉机器人群主是谁');
  } else {
    $('chat-name').textContent = S.bot?.name || '现场管家';
    $('chat-sub').textContent = `机器人 · 与 ${me()?.name || ''} 的私聊`;
  }
  $('auto-at').parentElement.hidden = S.view !== 'group';
  // A reply belongs to the chat it was started in.
  if (S.replyTo && S.messages.get(S.replyTo)?.chatId !== chatId) setReply(null);
  renderSidebar();
  renderMessages();
}

function upsertMessage(m) {
  const known = S.messages.has(m.messageId);
  S.messages.set(m.messageId, m);
  if (!known) S.order.push(m.messageId);
  if (m.chatId !== currentChatId()) {
    if (!known && !S.seen.has(m.messageId)) {
      S.unread.set(m.chatId, (S.unread.get(m.chatId) || 0) + 1);
      renderSidebar();
    }
    S.seen.add(m.messageId);
    return;
  }
  S.seen.add(m.messageId);
  const box = $('messages');
  const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 120;
  const existing = document.getElementById(`m-${m.messageId}`);
  if (existing) {
    existing.outerHTML = messageHtml(m);
    const el = document.getElementById(`m-${m.messageId}`);
    el.classList.add('flash');
  } else {
    if (box.querySelector('.empty')) box.innerHTML = '';
    const last = S.order
      .map((id) => S.messages.get(id))
      .filter((x) => x.chatId === m.chatId)
      .at(-2);
    if (!last || dayOf(last.createTime) !== dayOf(m.createTime))
      box.insertAdjacentHTML('beforeend', `<div class="day">${esc(dayOf(m.createTime))}</div>`);
    box.insertAdjacentHTML('beforeend', messageHtml(m));
  }
  if (nearBottom || (!known && !m.fromBot)) box.scrollTop = box.scrollHeight;
  drawCharts();
}

// Charts: a card's chart_spec drawn with VChart itself (the library Feishu's clients use), served
// from node_modules by the sandbox. Until it loads — or when it is not installed — the server's SVG
// drawing of the same spec stays.
let vchartLoad;
function loadVChart() {
  vchartLoad ??= new Promise((resolve) => {
    const s = document.createElement('script');
    s.src = `${API}/vchart.js`;
    s.onload = () => resolve(window.VChart?.VChart ?? window.VChart?.default ?? null);
    s.onerror = () => resolve(null);
    document.head.appendChild(s);
  });
  return vchartLoad;
}
const charts = new Set();
async function drawCharts() {
  if (!document.querySelector('.vchart:not([data-drawn])')) return;
  const VChart = await loadVChart();
  // Charts of messages re-rendered or gone are released (VChart keeps a canvas and listeners).
  for (const c of [...charts])
    if (!c.box.isConnected) {
      c.chart.release();
      charts.delete(c);
    }
  if (!VChart) return;
  for (const box of document.querySelectorAll('.vchart:not([data-drawn])')) {
    box.dataset.drawn = 'svg';
    const dom = document.createElement('div');
    dom.className = 'vchart-canvas';
    try {
      const spec = JSON.parse(box.dataset.vchart);
      const width = box.clientWidth || 520;
      dom.style.height = `${Math.round(width * Number(box.dataset.ratio || 0.5625))}px`;
      box.prepend(dom);
      const chart = new VChart(spec, { dom, animation: false, mode: 'desktop-browser' });
      chart.renderSync();
      box.dataset.drawn = 'vchart';
      charts.add({ box, chart });
    } catch (err) {
      // A spec VChart rejects (Feishu would reject it too: 200550) keeps the SVG, and says so.
      dom.remove();
      box.dataset.drawn = 'failed';
      box.title = `VChart: ${err?.message ?? err}`;
    }
  }
}

// Card buttons: a real card.action.trigger as the current speaker; the toast is the bot's answer.
$('messages').addEventListener('click', async (e) => {
  const r = e.target.closest('button[data-reply]');
  if (r) {
    setReply(r.dataset.reply);
    $('composer').focus();
    return;
  }
  const b = e.target.closest('button[data-value]');
  if (!b || b.disabled) return;
  const msg = b.closest('[data-message-id]');
  if (b.dataset.confirm && !confirm(b.dataset.confirm)) return;
  b.classList.add('busy');
  b.disabled = true;
  try {
    // A button inside a form submits what its inputs hold, as Feishu's form_value.
    const form = b.closest('.form');
    const inputs = form ? [...form.querySelectorAll('input[name]')] : [];
    const formValue = inputs.length
      ? Object.fromEntries(inputs.map((i) => [i.name, i.type === 'checkbox' ? String(i.checked) : i.value]))
      : undefined;
    const r = await call('/click', {
      messageId: msg.dataset.messageId,
      operatorOpenId: me().openId,
      value: JSON.parse(b.dataset.value),
      ...(formValue ? { formValue } : {}),
    });
    if (r.toast) toast(r.toast.type, r.toast.content);
  } catch (err) {
    toast('error', `点击没有成功：${err.message}`);
  } finally {
    b.classList.remove('busy');
    b.disabled = false;
  }
});

// ── composer ─────────────────────────────────────────────────────────────────
/** The chips above the composer: the features' own (from the bot's app definition, in /sandbox/console/state). */
const showQuick = (quick) =>
  ($('quick').innerHTML = quick.map((q) => `<button class="chip" data-q="${esc(q)}">${esc(q)}</button>`).join(''));
$('quick').addEventListener('click', (e) => {
  const b = e.target.closest('[data-q]');
  if (!b) return;
  $('composer').value = b.dataset.q;
  $('composer').focus();
});

/** What the next message or file replies to (null: none); shown above the composer. */
function setReply(messageId) {
  const m = messageId ? S.messages.get(messageId) : null;
  S.replyTo = m ? messageId : null;
  $('reply-bar').hidden = !m;
  if (m) {
    const what =
      m.msgType === 'file'
        ? m.html
            .replace(/<[^>]*>/g, ' ')
            .replace(/\s+/g, ' ')
            .trim()
        : '';
    $('reply-text').textContent = `回复 ${m.senderName}${what ? `：${what}` : ''}`;
  }
}
$('reply-cancel').addEventListener('click', () => setReply(null));
const replyPart = () => (S.replyTo ? { parentId: S.replyTo } : {});

/** The warning when what was sent did not reach the bot (or the bot did not take it). */
function deliveryWarning(r, what) {
  if (!r.delivered) toast('warning', `${what}已发出，但机器人收不到：${r.reason}`);
  else if (r.status !== 200)
    toast('warning', `${what}已发出，但机器人没有正常接收（HTTP ${r.status || '无应答'}），它可能不会回复`);
}

async function send() {
  const box = $('composer');
  let text = box.value.trim();
  if (!text) return;
  const botAt = `@${S.bot?.name || '现场管家'}`;
  text = text.replace(/^@floorwalker\b/i, botAt);
  if (S.view === 'group' && $('auto-at').checked && /^[/／]/.test(text)) text = `${botAt} ${text}`;
  $('send').disabled = true;
  try {
    const r = await call('/send', { chatId: currentChatId(), senderOpenId: me().openId, text, ...replyPart() });
    box.value = '';
    setReply(null);
    deliveryWarning(r, '消息');
  } catch (err) {
    toast('error', `发送失败：${err.message}`);
  } finally {
    $('send').disabled = false;
    box.focus();
  }
}

// ── files ────────────────────────────────────────────────────────────────────
const MAX_FILE_BYTES = 20 * 1024 * 1024;
const sizeText = (n) =>
  n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`;

const base64Of = (file) =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).slice(String(reader.result).indexOf(',') + 1));
    reader.onerror = () => reject(reader.error || new Error('读不了这个文件'));
    reader.readAsDataURL(file);
  });

/** Send a file as the current person into the current chat: a File of theirs, or { sample } by name. */
async function sendFile(what) {
  const base = { chatId: currentChatId(), senderOpenId: me().openId, ...replyPart() };
  let body;
  if (what.sample) body = { ...base, sample: what.sample };
  else {
    if (what.size === 0) return toast('error', `文件是空的：${S.platform?.name ?? '飞书'}不能发送空文件`);
    if (what.size > MAX_FILE_BYTES) return toast('error', `文件太大（${sizeText(what.size)}）：沙盒里最多发送 20 MB`);
    body = { ...base, fileName: what.name, base64: await base64Of(what) };
  }
  $('attach').disabled = true;
  try {
    const r = await call('/file', body);
    setReply(null);
    deliveryWarning(r, '文件');
  } catch (err) {
    toast('error', `发送文件失败：${err.message}`);
  } finally {
    $('attach').disabled = false;
  }
}

const showSamples = (samples) => {
  S.samples = samples;
  $('samples').innerHTML = samples.length
    ? `<span class="samples-label">示例导出文件：</span>` +
      samples
        .map(
          (f) =>
            `<button class="chip chip-file" data-sample="${esc(f.name)}" title="以当前身份把这个文件发到当前会话（${esc(sizeText(f.size))}）">📄 ${esc(f.name)}</button>`,
        )
        .join('')
    : '';
};
$('samples').addEventListener('click', (e) => {
  const b = e.target.closest('[data-sample]');
  if (b) sendFile({ sample: b.dataset.sample });
});
$('attach').addEventListener('click', () => $('file-input').click());
$('file-input').addEventListener('change', (e) => {
  const [file] = e.target.files;
  e.target.value = '';
  if (file) sendFile(file);
});
// Drop a file anywhere on the chat column.
let dragDepth = 0;
const chatCol = $('chat');
const hasFiles = (e) => [...(e.dataTransfer?.types || [])].includes('Files');
chatCol.addEventListener('dragenter', (e) => {
  if (!hasFiles(e)) return;
  e.preventDefault();
  dragDepth++;
  $('drop-hint').hidden = false;
});
chatCol.addEventListener('dragover', (e) => {
  if (hasFiles(e)) e.preventDefault();
});
chatCol.addEventListener('dragleave', () => {
  if (--dragDepth <= 0) {
    dragDepth = 0;
    $('drop-hint').hidden = true;
  }
});
chatCol.addEventListener('drop', (e) => {
  if (!hasFiles(e)) return;
  e.preventDefault();
  dragDepth = 0;
  $('drop-hint').hidden = true;
  const [file] = e.dataTransfer.files;
  if (file) sendFile(file);
});
$('send').addEventListener('click', send);
$('composer').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
    e.preventDefault();
    send();
  }
});

// ── right panel ──────────────────────────────────────────────────────────────
function renderClock() {
  if (!S.clock) return;
  const now = S.clock.now + (performance.now() - S.clockAt);
  $('clock-now').textContent = fmt(now, {
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const a = S.clock.aheadMs;
  const el = $('clock-ahead');
  if (!S.clock.movable) el.textContent = '真实时间（这个运行环境不能调时钟）';
  else if (a < 30_000) el.textContent = `与真实时间一致 · ${tz()}`;
  else {
    const m = Math.round(a / 60_000);
    const txt =
      m >= 1440
        ? `${Math.floor(m / 1440)} 天 ${Math.floor((m % 1440) / 60)} 小时`
        : m >= 60
          ? `${Math.floor(m / 60)} 小时 ${m % 60} 分钟`
          : `${m} 分钟`;
    el.textContent = `比真实时间快 ${txt} · ${tz()}`;
  }
  el.className = a >= 30_000 ? 'ahead' : '';
  document.querySelectorAll('#clock-btns .btn').forEach((b) => (b.disabled = !S.clock.movable));
}
setInterval(renderClock, 1000);

$('clock-btns').addEventListener('click', async (e) => {
  const b = e.target.closest('button');
  if (!b) return;
  const body = b.dataset.tomorrow
    ? { kind: 'tomorrow', at: b.dataset.tomorrow }
    : { kind: 'advance', minutes: Number(b.dataset.minutes) };
  b.classList.add('busy');
  try {
    const r = await call('/clock', body);
    setClock(r.clock);
    const ran = r.jobs.map(
      (j) => `${j.job}（${hm(Date.parse(j.slot))}${j.result === 'ran' ? '' : ' ' + jobResult(j)}）`,
    );
    $('clock-result').textContent =
      `已拨到 ${fmt(r.to, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })}。${ran.length ? `补跑了到点的定时任务：${ran.join('、')}。` : '这段时间没有定时任务到点。'}到期的升级、提醒已唤醒。`;
  } catch (err) {
    toast('error', `调时钟失败：${err.message}`);
  } finally {
    b.classList.remove('busy');
  }
});

function setClock(c) {
  S.clock = c;
  S.clockAt = performance.now();
  renderClock();
}

/** "17 3 * * *" → "每天 03:17"; other schedules are shown as written. */
function cronText(expr) {
  const f = expr.trim().split(/\s+/);
  const two = (n) => String(n).padStart(2, '0');
  if (f.length === 5 && /^\d+$/.test(f[0]) && /^\d+$/.test(f[1]) && f[2] === '*' && f[3] === '*') {
    const days = { '*': '每天', '1-5': '工作日', '0,6': '周末', '6,0': '周末' }[f[4]];
    if (days) return `${days} ${two(f[1])}:${two(f[0])}`;
  }
  if (f.length === 5 && f[0] === '*' && f.slice(1).every((x) => x === '*')) return '每分钟';
  return `cron ${expr}`;
}

function renderJobs() {
  $('jobs').innerHTML = S.jobs.length
    ? S.jobs
        .map((j) => {
          const last = j.lastRun
            ? `上次 ${fmt(j.lastRun.startedAt, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })} · ${esc(j.lastRun.outcome ?? '运行中')}`
            : '还没运行过';
          return `<div class="job"><div class="job-main"><div class="job-name">${esc(j.name)} <span class="muted small-inline" title="cron：${esc(j.schedule)}">${esc(cronText(j.schedule))}</span></div><div class="job-desc">${esc(j.description)}</div><div class="job-last">${last}</div></div><button class="btn" data-job="${esc(j.name)}">立即运行</button></div>`;
        })
        .join('')
    : '<div class="log-empty">没有定时任务</div>';
}
$('jobs').addEventListener('click', async (e) => {
  const b = e.target.closest('[data-job]');
  if (!b) return;
  b.classList.add('busy');
  try {
    const r = await call('/jobs/run', { job: b.dataset.job });
    toast(r.result === 'ran' ? 'success' : r.result === 'failed' ? 'error' : 'warning', `${r.job}：${jobResult(r)}`);
  } catch (err) {
    toast('error', `${b.dataset.job} 运行失败：${err.message}`);
  } finally {
    b.classList.remove('busy');
  }
});

function renderUrgent() {
  $('urgent').innerHTML = S.urgent.length
    ? [...S.urgent]
        .reverse()
        .map((u) => {
          const ok = u.result === 'ok';
          const who = u.callees.length ? u.callees.join('、') : '（无人）';
          return `<div class="entry link${ok ? '' : ' fail'}" data-goto="${esc(u.messageId)}" data-chat="${esc(u.chatId || '')}"><div class="entry-head"><span class="k-${u.kind}">${esc(u.kindName)}</span> → ${esc(who)}<span class="entry-time">${fmt(u.time, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' })}</span></div><div class="detail">关于：${esc(u.about)}</div>${ok ? (u.invalid.length ? `<div class="detail">无效 ID：${esc(u.invalid.join(', '))}</div>` : '') : `<div class="detail">被拒绝：<span class="code">${esc(u.result)}</span></div>`}</div>`;
        })
        .join('')
    : `<div class="log-empty">${esc(S.platform?.noUrgent ?? '还没有加急。')}</div>`;
}
$('urgent').addEventListener('click', (e) => {
  const el = e.target.closest('[data-goto]');
  if (!el) return;
  const g = groupChat();
  S.view = el.dataset.chat && g && el.dataset.chat !== g.chatId ? 'p2p' : 'group';
  openChat();
  const target = document.getElementById(`m-${el.dataset.goto}`);
  if (target) {
    target.scrollIntoView({ block: 'center' });
    target.classList.add('flash');
  }
});

function renderViolations() {
  $('violations').innerHTML = S.violations.length
    ? [...S.violations]
        .reverse()
        .slice(0, 100)
        .map(
          (v) =>
            `<div class="entry fail"><div class="entry-head">${esc(v.ruleText || v.rule)}<span class="entry-time">${fmt(v.time, { hour: '2-digit', minute: '2-digit', second: '2-digit' })}</span></div><div class="detail">${v.code !== undefined && v.code !== null ? `<span class="code">${esc(v.code)}</span> ` : ''}${esc(v.method)} ${esc(v.path)}</div><div class="detail">${esc(v.detail)}</div></div>`,
        )
        .join('')
    : `<div class="log-empty">${esc(S.platform?.noRules ?? '✓ 暂无')}</div>`;
}

function renderCalls() {
  $('calls').innerHTML = [...S.calls]
    .reverse()
    .slice(0, 80)
    .map((c) =>
      c.eventType
        ? `<div class="entry">→ 机器人 ${esc(c.eventType)} · HTTP ${esc(c.status)} · ${esc(c.elapsedMs)} ms${c.error ? ' · ' + esc(c.error) : ''}</div>`
        : `<div class="entry${c.status >= 400 ? ' fail' : ''}">${esc(c.method)} ${esc(c.path)} · ${esc(c.status)}${c.code ? ' · ' + esc(c.code) : ''}${c.dedup ? ' · uuid 去重' : ''}</div>`,
    )
    .join('');
}

$('reset').addEventListener('click', async () => {
  if (!confirm('重置演示数据？群聊记录、成员角色、店铺、值班和异常都会清空并重新布置。')) return;
  $('reset').classList.add('busy');
  try {
    await call('/reset', {});
    toast('success', '演示数据已重置');
  } catch (err) {
    toast('error', `重置失败：${err.message}`);
  } finally {
    $('reset').classList.remove('busy');
  }
});

function renderStatus() {
  const b = $('banner');
  const s = S.status;
  if (s?.phase === 'seeding') {
    b.hidden = false;
    b.textContent = `正在布置演示团队：王主管在群里设置角色、店铺和值班…（${s.done}/${s.of}）`;
  } else if (s?.phase === 'ready' && s.problems.length) {
    b.hidden = false;
    b.textContent = `演示数据有 ${s.problems.length} 步没有完成：${s.problems.join('；')}`;
  } else b.hidden = true;
}

// ── state and live updates ───────────────────────────────────────────────────
// Changes that arrive while the full state is loading are applied after it, in order.
let loading = false;
const queued = [];
const afterLoad = (fn) => (x) => (loading ? queued.push(() => fn(x)) : fn(x));

async function load() {
  loading = true;
  try {
    applyState(await call('/state'));
  } finally {
    loading = false;
    for (const fn of queued.splice(0)) fn();
  }
}

/** Which platform the sandbox emulates: the header, the tab title and the composer's @ note say it. */
function showPlatform(p) {
  if (!p) return;
  S.platform = p;
  document.body.dataset.platform = p.id;
  $('urgent-note').textContent = p.urgentKinds;
  $('rules-note').textContent = p.rules;
  document.title = `现场管家 · 沙盒（${p.name}）`;
  $('platform-badge').textContent = p.name;
  $('brand-note').textContent = `本地沙盒 · 模拟${p.name}，不连外网`;
  $('auto-at-note').textContent = p.groupAtNote;
}

function applyState(s) {
  S.bot = s.bot;
  showPlatform(s.platform);
  showQuick(s.quick ?? []);
  showSamples(s.samples ?? []);
  S.chats = s.chats;
  S.people = s.people;
  if (!S.people.some((p) => p.openId === S.speaker))
    S.speaker = (S.people.find((p) => p.role === 'supervisor') || S.people[0])?.openId;
  S.messages = new Map(s.messages.map((m) => [m.messageId, m]));
  S.order = s.messages.map((m) => m.messageId);
  S.seen = new Set(S.order);
  S.urgent = s.urgentCalls;
  S.violations = s.violations;
  S.calls = [...s.calls, ...s.deliveries].sort((a, b) => a.time - b.time);
  S.jobs = s.jobs;
  S.status = s.status;
  $('quota').textContent = `剩余加急额度：短信 ${s.quota.sms}，电话 ${s.quota.phone}`;
  setClock(s.clock);
  openChat();
  renderJobs();
  renderUrgent();
  renderViolations();
  renderCalls();
  renderStatus();
}

function connect() {
  const es = new EventSource(`${API}/events`);
  const on = (name, fn) => es.addEventListener(name, (e) => afterLoad(fn)(JSON.parse(e.data)));
  // On every (re)connect: load everything, then apply what streams in.
  es.addEventListener('hello', () => {
    $('conn').textContent = '● 实时连接';
    $('conn').className = 'side-foot';
    load().catch((err) => toast('error', `读取状态失败：${err.message}`));
  });
  on('message', upsertMessage);
  on('urgent', (u) => {
    S.urgent.push(u);
    renderUrgent();
    const m = S.messages.get(u.messageId);
    if (m) upsertMessage(m);
  });
  on('violation', (v) => {
    S.violations.push(v);
    renderViolations();
  });
  const logged = (x) => {
    S.calls.push(x);
    if (S.calls.length > 300) S.calls.splice(0, S.calls.length - 300);
    if ($('dev').open) renderCalls();
  };
  on('call', logged);
  on('delivery', logged);
  on('status', (s) => {
    S.status = s;
    renderStatus();
  });
  on('roster', (people) => {
    S.people = people;
    renderSidebar();
    renderMessages();
  });
  on('clock', setClock);
  on('jobs', (j) => {
    S.jobs = j;
    renderJobs();
  });
  es.addEventListener('reset', () => load().catch(() => {}));
  es.onerror = () => {
    $('conn').textContent = '○ 连接断开，正在重连…';
    $('conn').className = 'side-foot down';
  };
}

$('dev').addEventListener('toggle', renderCalls);
connect();
