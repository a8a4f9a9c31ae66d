/**
 * The board page: dark, large type readable across the room at 1920×1080 (four columns), one
 * column on a phone. The first snapshot is in the page itself, so the first paint needs no second
 * request; VChart (charts) loads after it.
 */
import { BOARD_SCRIPT } from './client';
import type { BoardSnapshot } from './snapshot';

/** JSON inside <script type="application/json">: nothing in it may close the element. */
const embed = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const CSS = `
*{box-sizing:border-box}html,body{margin:0;background:#0b1220;color:#e2e8f0;font-family:"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",system-ui,sans-serif}
header{display:flex;align-items:center;gap:24px;padding:14px 28px;background:#111a2e;border-bottom:1px solid #1e293b}
header h1{margin:0;font-size:30px;font-weight:700}#team{font-size:24px;color:#93c5fd}#clock{margin-left:auto;font-size:34px;font-variant-numeric:tabular-nums}
#live{font-size:16px;padding:4px 12px;border-radius:999px}.live-on{background:#064e3b;color:#6ee7b7}.live-wait{background:#78350f;color:#fcd34d}.live-off{background:#7f1d1d;color:#fca5a5}
#panels{display:grid;grid-template-columns:repeat(4,1fr);gap:16px;padding:16px 28px}
.panel{background:#111a2e;border:1px solid #1e293b;border-top:6px solid #475569;border-radius:12px;padding:14px 18px;min-width:0;overflow:hidden}
.panel.wide{grid-column:span 2}.panel.tone-red{border-top-color:#ef4444}.panel.tone-amber{border-top-color:#f59e0b}.panel.tone-green{border-top-color:#10b981}
.panel h2{margin:0 0 10px;font-size:24px}
.rows{list-style:none;margin:0;padding:0}.row{display:flex;gap:12px;align-items:center;padding:8px 0 8px 12px;border-left:5px solid #475569;margin-bottom:8px;background:#0f172a;border-radius:6px}
.row.tone-red{border-left-color:#ef4444}.row.tone-amber{border-left-color:#f59e0b}.row.tone-green{border-left-color:#10b981}
.row-main{flex:1;min-width:0}.row-title{font-size:21px;font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.row-detail{font-size:16px;color:#94a3b8;margin-top:2px}
.countdown{text-align:right;padding-right:12px}.cd-label{font-size:14px;color:#94a3b8}.cd-time{font-size:30px;font-weight:700;font-variant-numeric:tabular-nums}.cd-red .cd-time{color:#f87171}.cd-amber .cd-time{color:#fbbf24}
.bar{height:10px;background:#1e293b;border-radius:5px;margin-top:6px;overflow:hidden}.bar.big{height:22px;border-radius:11px}.bar-fill{height:100%;background:#3b82f6}
.tone-green .bar-fill{background:#10b981}.tone-amber .bar-fill{background:#f59e0b}.tone-red .bar-fill{background:#ef4444}.bar-text{font-size:14px;color:#94a3b8}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(92px,1fr));gap:6px}.tile{border-radius:6px;padding:6px 8px;background:#334155;min-height:52px}
.tile.tone-red{background:#991b1b}.tile.tone-amber{background:#92400e}.tile.tone-green{background:#065f46}.tile-label{font-size:14px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.tile-value{font-size:18px;font-weight:700}
.stats{display:flex;flex-wrap:wrap;gap:12px;margin:6px 0}.stat{flex:1;min-width:110px;background:#0f172a;border-radius:8px;padding:8px 12px}.stat-value{font-size:34px;font-weight:700}.stat-label{font-size:15px;color:#94a3b8}
.stat.tone-red .stat-value{color:#f87171}.stat.tone-amber .stat-value{color:#fbbf24}.stat.tone-green .stat-value{color:#34d399}
.progress-label{font-size:20px;margin:6px 0}.chart{height:280px;width:100%}.note{font-size:18px;color:#94a3b8;padding:6px 0}.more{font-size:16px;color:#94a3b8;padding:4px 12px}
.revoked{grid-column:1/-1;font-size:30px;text-align:center;padding:80px 0;color:#fca5a5}
@media (max-width:1280px){#panels{grid-template-columns:repeat(2,1fr)}}
@media (max-width:720px){#panels{grid-template-columns:1fr;padding:10px}.panel.wide{grid-column:auto}header{flex-wrap:wrap;gap:8px;padding:10px}header h1{font-size:22px}#clock{font-size:24px}.row-title{font-size:18px}.cd-time{font-size:24px}}
`;

export interface PageConfig {
  locale: string;
  timeZone: string;
  /** 'sse' on Node; 'poll' where a connection cannot stay open (Workers). */
  live: 'sse' | 'poll';
  data: string;
  events: string;
  vchart: string;
}

/**
 * The page in two parts, so the header paints while the snapshot is read: `head` goes out at once,
 * `tail` (the snapshot and the script) when the data is there.
 */
export function boardPageParts(
  title: string,
  team: { name: string; locale: string },
  cfg: PageConfig,
): { head: string; tail: (snap: BoardSnapshot) => string } {
  const head = `<!doctype html>
<html lang="${team.locale === 'en' ? 'en' : 'zh-CN'}">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name="referrer" content="no-referrer" />
<meta name="robots" content="noindex" />
<title>${esc(title)} · ${esc(team.name)}</title>
<link rel="icon" href="data:," />
<style>${CSS}</style>
</head>
<body>
<header><h1>${esc(title)}</h1><div id="team">${esc(team.name)}</div><div id="live" class="live-wait">…</div><div id="clock"></div></header>
<main id="panels"></main>
<script type="application/json" id="board-config">${embed(cfg)}</script>
`;
  const tail = (snap: BoardSnapshot) => `<script type="application/json" id="board-data">${embed(snap)}</script>
<script>${BOARD_SCRIPT}</script>
</body>
</html>`;
  return { head, tail };
}

export function refusedPage(title: string, why: string, hint: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><meta name="referrer" content="no-referrer" /><title>${esc(title)}</title><style>${CSS}</style></head>
<body><header><h1>${esc(title)}</h1></header><main id="panels"><div class="revoked" id="refused">${esc(why)}<br /><small>${esc(hint)}</small></div></main></body></html>`;
}
