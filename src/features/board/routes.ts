/**
 * The board's HTTP routes: the page, its data (polled where connections cannot stay open), its
 * event stream, and VChart's browser build. Every route checks the link's token against the team
 * in the path, so a token opens its own team's board and nothing else; a rotated key closes the
 * pages already open within a second.
 */
import type { Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { sql } from 'drizzle-orm';
import type { Deps } from '../../core/deps';
import { localeOf, teamOf } from '../../core/teams';
import { query } from '../../db/client';
import { t } from '../../i18n';
import { changeWatcher } from './live';
import { boardPageParts, refusedPage } from './page';
import { boardSnapshot, type BoardSnapshot } from './snapshot';
import { BX } from './texts';
import { boardToken, boardUrl, tokenOpens } from './tokens';

/** Workers cut a response that stays open; the page polls there instead. */
const onWorkers = () =>
  (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === 'Cloudflare-Workers';

/** A full snapshot at least this often, so countdowns follow the bot's clock (the sandbox's moves). */
const REFRESH_MS = 15_000;

const VCHART_PATH = '/board-assets/vchart.js';
/** Where VChart comes from when node_modules cannot be read (Workers): the same version's build. */
const VCHART_CDN = 'https://cdn.jsdelivr.net/npm/@visactor/vchart@1.12.13/build/index.min.js';

let vchart: Promise<string | null> | undefined;
/**
 * VChart's browser build from node_modules, read once; null where there is none to read (Workers:
 * the page then loads the same version from the CDN). Imported when first asked for, so the Workers
 * bundle never loads node:fs or node:module.
 */
function vchartScript(): Promise<string | null> {
  vchart ??= (async () => {
    if (onWorkers()) return null;
    try {
      const [{ readFileSync }, { createRequire }] = await Promise.all([import('node:fs'), import('node:module')]);
      return readFileSync(createRequire(import.meta.url).resolve('@visactor/vchart/build/index.min.js'), 'utf8');
    } catch {
      return null;
    }
  })();
  return vchart;
}

const NO_STORE = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex' };

/** The address links point at: FLOORWALKER_PUBLIC_URL, else this process's own. */
export function baseUrl(deps: Pick<Deps, 'config'>): string {
  const { publicUrl, host, port } = deps.config;
  if (publicUrl) return publicUrl;
  const h = !host || ['0.0.0.0', '::'].includes(host) ? '127.0.0.1' : host;
  return `http://${h}:${port}`;
}

export function registerBoardRoutes(app: Hono, deps: Deps): void {
  const watcher = changeWatcher(deps.db, (err) =>
    deps.log.warn('board change check failed', { error: err instanceof Error ? err.message : String(err) }),
  );

  /** The team of the path when the token opens it; undefined otherwise (401, never which part was wrong). */
  async function opened(c: Context): Promise<number | undefined> {
    const teamId = Number(c.req.param('team'));
    const token = c.req.query('t') ?? c.req.query('token');
    return (await tokenOpens(deps.db, teamId, token)) ? teamId : undefined;
  }
  const snapshotOf = async (teamId: number): Promise<BoardSnapshot> =>
    boardSnapshot(deps, await teamOf(deps.db, teamId), deps.clock.now());
  const refused = (c: Context) => {
    const L = deps.config.locale;
    return c.html(refusedPage(t(L, BX.title), t(L, BX.noBoard), t(L, BX.noBoardHint)), 401, NO_STORE);
  };

  app.get('/board/:team', async (c) => {
    const teamId = await opened(c);
    if (teamId === undefined) return refused(c);
    const team = await teamOf(deps.db, teamId);
    const locale = localeOf(deps.config, team);
    const token = encodeURIComponent(c.req.query('t') ?? c.req.query('token') ?? '');
    const { head, tail } = boardPageParts(
      t(locale, BX.title),
      { name: team.name || team.chatId, locale },
      {
        locale,
        timeZone: team.timeZone,
        live: onWorkers() ? 'poll' : 'sse',
        data: `/board/${teamId}/data?t=${token}`,
        events: `/board/${teamId}/events?t=${token}`,
        vchart: (await vchartScript()) === null ? VCHART_CDN : VCHART_PATH,
      },
    );
    // The header goes out before the snapshot is read: the screen paints while the data comes.
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode(head));
        try {
          controller.enqueue(encoder.encode(tail(await boardSnapshot(deps, team, deps.clock.now()))));
        } catch (err) {
          deps.log.error('board page failed', {
            team: teamId,
            error: err instanceof Error ? err.message : String(err),
          });
          controller.enqueue(
            encoder.encode('<script>setTimeout(function () { location.reload(); }, 5000)</script></body></html>'),
          );
        }
        controller.close();
      },
    });
    return c.body(body, 200, { ...NO_STORE, 'Content-Type': 'text/html; charset=utf-8' });
  });

  app.get('/board/:team/data', async (c) => {
    const teamId = await opened(c);
    if (teamId === undefined) return c.json({ ok: false, error: 'invalid or revoked board link' }, 401, NO_STORE);
    return c.json(await snapshotOf(teamId), 200, NO_STORE);
  });

  app.get('/board/:team/events', async (c) => {
    const teamId = await opened(c);
    if (teamId === undefined) return c.json({ ok: false, error: 'invalid or revoked board link' }, 401, NO_STORE);
    const token = c.req.query('t') ?? c.req.query('token');
    for (const [k, v] of Object.entries(NO_STORE)) c.header(k, v);
    return streamSSE(c, async (stream) => {
      let changed = true;
      let wake: (() => void) | undefined;
      const stop = await watcher.listen(() => {
        changed = true;
        wake?.();
      });
      let open = true;
      stream.onAbort(() => {
        open = false;
        wake?.();
      });
      let shown = '';
      let lastFull = 0;
      // Reconnect a second after the bot comes back (EventSource's own retry, told to it here).
      await stream.writeSSE({ event: 'hello', data: '{}', retry: 1000 });
      try {
        while (open) {
          if (!(await tokenOpens(deps.db, teamId, token))) {
            await stream.writeSSE({ event: 'revoked', data: '{}' });
            break;
          }
          const due = Date.now() - lastFull >= REFRESH_MS;
          if (changed || due) {
            changed = false;
            const snap = await snapshotOf(teamId);
            const panels = JSON.stringify(snap.panels);
            if (panels !== shown || due) {
              shown = panels;
              lastFull = Date.now();
              await stream.writeSSE({ event: 'board', data: JSON.stringify(snap) });
            } else await stream.writeSSE({ event: 'clock', data: JSON.stringify({ now: snap.now }) });
          }
          if (!open) break;
          let timer: ReturnType<typeof setTimeout> | undefined;
          await new Promise<void>((resolve) => {
            wake = resolve;
            timer = setTimeout(resolve, Math.max(50, REFRESH_MS - (Date.now() - lastFull)));
          });
          clearTimeout(timer);
          wake = undefined;
        }
      } finally {
        stop();
      }
    });
  });

  app.get(VCHART_PATH, async (c) => {
    const js = await vchartScript();
    if (js === null) return c.redirect(VCHART_CDN, 302);
    return c.body(js, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=86400',
    });
  });

  // The sandbox console's link to the demo team's board (the sandbox has that one team).
  if (deps.config.platform === 'sandbox')
    app.get('/sandbox/board', async (c) => {
      const [team] = await query<{ id: number }>(deps.db, sql`select id from teams order by id limit 1`);
      if (!team) return c.text('沙盒还没有团队：先在控制台里发一条消息 / no team yet', 404);
      const token = await boardToken(deps.db, Number(team.id), 'sandbox', deps.clock.now());
      return c.redirect(boardUrl('', Number(team.id), token), 302);
    });
}
