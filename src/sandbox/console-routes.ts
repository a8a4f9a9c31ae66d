/**
 * The console's HTTP surface: the page at `/`, JSON under /sandbox/console/…, and a Server-Sent
 * Events stream of every change. Bodies are zod-checked; a mistake comes back as 400 with a
 * sentence saying what was wrong.
 */
import type { Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { EmulatorUsageError } from '../emulator/feishu';
import { ClockNotMovable, MAX_MOVE_MS, moveClock, runJobNow, tomorrowAt } from './clock-control';
import { consoleAssets, consoleSamples, vchartScript } from './console-assets';
import type { DriverChange, Emitted } from './driver';
import type { Sandbox, SandboxChange } from './sandbox';
import { clockView, jobsView, roster } from './views';

// The console is a zh-CN page: what it shows of a refusal is written for the person using it.
const sendBody = z.object({
  chatId: z.string({ message: '缺少 chatId（发到哪个群）' }).min(1, '缺少 chatId（发到哪个群）'),
  senderOpenId: z.string({ message: '缺少 senderOpenId（以谁的身份发）' }).min(1, '缺少 senderOpenId（以谁的身份发）'),
  text: z.string({ message: '消息是空的' }).trim().min(1, '消息是空的').max(4000, '消息最多 4000 字'),
  parentId: z.string().min(1).optional(),
});
/** What the console lets a person drop into a chat; the bot decides what it reads (its own maxBytes). */
const MAX_DROP_BYTES = 20 * 1024 * 1024;
const fileBody = z
  .object({
    chatId: z.string({ message: '缺少 chatId（发到哪个会话）' }).min(1, '缺少 chatId（发到哪个会话）'),
    senderOpenId: z
      .string({ message: '缺少 senderOpenId（以谁的身份发）' })
      .min(1, '缺少 senderOpenId（以谁的身份发）'),
    parentId: z.string().min(1).optional(),
    /** One of the bundled samples, by name … */
    sample: z.string().min(1).optional(),
    /** … or a file of the person's own: its name and its bytes in base64. */
    fileName: z.string().trim().min(1, '文件名是空的').max(200, '文件名最多 200 字').optional(),
    base64: z.string().optional(),
  })
  .refine((b) => b.sample !== undefined || (b.fileName !== undefined && b.base64 !== undefined), {
    message: '要么选一个示例文件（sample），要么带上文件名和内容（fileName、base64）',
  });
const clickBody = z.object({
  messageId: z.string({ message: '缺少 messageId（点的是哪张卡片）' }).min(1, '缺少 messageId（点的是哪张卡片）'),
  operatorOpenId: z
    .string({ message: '缺少 operatorOpenId（以谁的身份点）' })
    .min(1, '缺少 operatorOpenId（以谁的身份点）'),
  value: z.record(z.string(), z.unknown(), { message: 'value 应是按钮的回调对象' }),
  /** What the inputs of the button's form held (a submit button). */
  formValue: z.record(z.string(), z.string()).optional(),
});
const clockBody = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('advance'),
      minutes: z
        .number({ message: 'minutes 应是分钟数' })
        .int('minutes 应是整数')
        .min(1, '至少拨 1 分钟')
        .max(MAX_MOVE_MS / 60_000, '一次最多拨 14 天'),
    }),
    z.object({
      kind: z.literal('tomorrow'),
      at: z.string({ message: '缺少时间 at' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间写成 HH:MM，例如 08:30'),
    }),
  ],
  { message: 'kind 应为 "advance"（带 minutes）或 "tomorrow"（带 at: "08:30"）' },
);
const runBody = z.object({ job: z.string({ message: '缺少任务名 job' }).min(1, '缺少任务名 job') });
const STARTING = '沙盒还在启动，请稍候再试';
const resetBody = z.object({}).passthrough();

class BadRequest extends Error {}

async function body<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new BadRequest('请求体应是 JSON');
  }
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new BadRequest(i.path.length ? `${i.path.join('.')}：${i.message}` : i.message);
  }
  return parsed.data;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** What the console hears back of a message a member sent: its id and whether the bot got it. */
const emitted = (r: Emitted) => ({
  ok: true,
  messageId: r.messageId,
  delivered: r.delivered,
  status: r.status,
  reason: r.reason,
});

export function registerConsole(app: Hono, sandbox: Sandbox, opts: { anyHost: boolean }): void {
  const { driver } = sandbox;
  const assets = consoleAssets();
  const samples = consoleSamples();

  // A web page elsewhere must not drive the console: loopback Host names only (DNS rebinding),
  // and JSON bodies only (a cross-site form cannot send them without a preflight we never allow).
  app.use('/sandbox/console/*', async (c, next) => {
    const host = new URL(c.req.url).hostname;
    if (!opts.anyHost && !LOOPBACK.has(host))
      return c.json({ ok: false, error: '沙盒控制台只接受本机（127.0.0.1 / localhost）的请求' }, 403);
    if (c.req.method === 'POST' && !(c.req.header('content-type') ?? '').startsWith('application/json')) {
      return c.json({ ok: false, error: '请用 JSON 发送（content-type: application/json）' }, 415);
    }
    await next();
  });
  // createApp's onError (set after the routes) answers "internal error"; a caller's mistake is a 400.
  const post = (path: string, handler: (c: Context) => Promise<Response>) =>
    app.post(path, async (c) => {
      try {
        return await handler(c);
      } catch (err) {
        if (err instanceof BadRequest || err instanceof EmulatorUsageError || err instanceof ClockNotMovable) {
          return c.json({ ok: false, error: err.message }, 400);
        }
        throw err;
      }
    });

  app.get('/', (c) => c.html(assets.html));
  app.get('/sandbox/console/app.js', (c) =>
    c.body(assets.js, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }),
  );
  app.get('/sandbox/console/vchart.js', (c) => {
    const js = vchartScript();
    return js === null
      ? c.text('VChart is not installed (npm install): the console draws charts as SVG', 404)
      : c.body(js, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'max-age=3600' });
  });
  app.get('/sandbox/console/app.css', (c) =>
    c.body(assets.css, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' }),
  );

  app.get('/sandbox/console/state', async (c) =>
    c.json({
      ok: true,
      platform: { id: driver.platform, name: driver.platformName, groupAtNote: driver.groupAtNote, ...driver.notes },
      bot: driver.bot,
      quick: ['/help', '/role', ...(sandbox.deps?.app.sandbox.quick ?? [])],
      samples: samples.map((f) => ({ name: f.name, size: f.bytes.length })),
      status: sandbox.status,
      chats: driver.chats(),
      people: await roster(driver, sandbox.deps),
      messages: driver.messages(),
      urgentCalls: driver.urgentCalls(),
      violations: driver.violations(),
      calls: driver.calls(),
      deliveries: driver.deliveries(),
      quota: driver.quota(),
      clock: clockView(sandbox.deps),
      jobs: await jobsView(sandbox.deps),
    }),
  );

  post('/sandbox/console/send', async (c) => {
    const b = await body(c, sendBody);
    return c.json(emitted(await driver.send(b)));
  });

  // A member sends a file (dropped, picked, or a bundled sample), optionally as a reply: Feishu's
  // file message, which the bot reads back through the message resource API like a real one; on
  // DingTalk a file robot message with its download code (only a 1:1 chat reaches the robot).
  post('/sandbox/console/file', async (c) => {
    const b = await body(c, fileBody);
    let fileName: string;
    let bytes: Uint8Array;
    if (b.sample !== undefined) {
      const sample = samples.find((f) => f.name === b.sample);
      if (!sample)
        throw new BadRequest(`没有「${b.sample}」这个示例文件；有：${samples.map((f) => f.name).join('、')}`);
      ({ name: fileName, bytes } = sample);
    } else {
      fileName = b.fileName!;
      bytes = new Uint8Array(Buffer.from(b.base64!, 'base64'));
      if (bytes.length === 0) throw new BadRequest(`文件是空的：${driver.platformName}不能发送空文件`);
      if (bytes.length > MAX_DROP_BYTES) throw new BadRequest('文件太大：沙盒里最多发送 20 MB 的文件');
    }
    const r = await driver.sendFile({
      chatId: b.chatId,
      senderOpenId: b.senderOpenId,
      fileName,
      bytes,
      ...(b.parentId ? { parentId: b.parentId } : {}),
    });
    return c.json(emitted(r));
  });

  // The file of a file message, for the chip's link (what the platform's client downloads).
  app.get('/sandbox/console/files/:messageId', (c) => {
    const file = driver.file(c.req.param('messageId'));
    if (!file) return c.json({ ok: false, error: '这个文件已不在沙盒内存中（沙盒重启后文件不会保留）' }, 404);
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    });
  });

  post('/sandbox/console/click', async (c) => {
    const b = await body(c, clickBody);
    const r = await driver.click(b);
    if (r.status !== 200)
      return c.json(
        {
          ok: false,
          status: r.status,
          error: r.status
            ? `机器人回答了 HTTP ${r.status}${r.error ? `：${r.error}` : ''}`
            : (r.error ?? '机器人没有回答'),
        },
        502,
      );
    return c.json({
      ok: true,
      status: r.status,
      toast: r.toast ?? null,
      cardUpdated: r.cardUpdated,
      elapsedMs: r.elapsedMs,
    });
  });

  post('/sandbox/console/clock', async (c) => {
    const b = await body(c, clockBody);
    const deps = sandbox.deps;
    if (!deps) return c.json({ ok: false, error: STARTING }, 503);
    const moved = await moveClock(
      deps,
      deps.app.jobs,
      (now) =>
        b.kind === 'advance'
          ? new Date(now.getTime() + b.minutes * 60_000)
          : tomorrowAt(now, b.at, deps.config.timeZone),
      (to) => sandbox.refreshData(to),
    );
    sandbox.emit({ type: 'clock' });
    if (moved.jobs.length) await sandbox.jobsChanged();
    return c.json({
      ok: true,
      from: moved.from.getTime(),
      to: moved.to.getTime(),
      jobs: moved.jobs,
      clock: clockView(deps),
    });
  });

  post('/sandbox/console/jobs/run', async (c) => {
    const b = await body(c, runBody);
    if (!sandbox.deps) return c.json({ ok: false, error: STARTING }, 503);
    const { jobs } = sandbox.deps.app;
    const job = jobs.find((j) => j.name === b.job);
    if (!job)
      return c.json(
        { ok: false, error: `没有「${b.job}」这个定时任务；有：${jobs.map((j) => j.name).join('、')}` },
        404,
      );
    const run = await runJobNow(sandbox.deps, job);
    await sandbox.jobsChanged();
    // A failed job is a result to show (its outcome says why), not a failed request.
    return c.json({ ok: true, ...run });
  });

  post('/sandbox/console/reset', async (c) => {
    await body(c, resetBody);
    if (!sandbox.deps) return c.json({ ok: false, error: STARTING }, 503);
    await sandbox.reset();
    return c.json({ ok: true, status: sandbox.status });
  });

  app.get('/sandbox/console/events', (c) =>
    streamSSE(c, async (stream) => {
      const queue: { event: string; data: string }[] = [];
      let wake: (() => void) | undefined;
      const push = (event: string, data: unknown) => {
        queue.push({ event, data: JSON.stringify(data) });
        wake?.();
      };
      const unsubscribe = sandbox.subscribe((ch) => forward(ch, push));
      let stopListening = () => {};
      const closed = new Promise<void>((resolve) => {
        stream.onAbort(resolve);
        stopListening = sandbox.onClose(resolve);
      });
      let open = true;
      void closed.then(() => {
        open = false;
        wake?.();
      });
      push('hello', { at: Date.now() });
      while (open) {
        while (queue.length && open) await stream.writeSSE(queue.shift()!);
        if (!open) break;
        let ping: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([new Promise<void>((r) => (wake = r)), new Promise((r) => (ping = setTimeout(r, 15_000)))]);
        clearTimeout(ping);
        wake = undefined;
        if (!queue.length && open) await stream.writeSSE({ event: 'ping', data: '{}' });
      }
      unsubscribe();
      stopListening();
    }),
  );

  function forward(ch: DriverChange | SandboxChange, push: (event: string, data: unknown) => void): void {
    switch (ch.type) {
      case 'message':
        return push('message', ch.message);
      case 'urgent':
        return push('urgent', ch.call);
      case 'violation':
        return push('violation', ch.violation);
      case 'call':
        return push('call', ch.call);
      case 'delivery':
        return push('delivery', ch.delivery);
      case 'reset':
        return push('reset', {});
      case 'status':
        return push('status', ch.status);
      case 'roster':
        return push('roster', ch.people);
      case 'clock':
        return push('clock', clockView(sandbox.deps));
      case 'jobs':
        return push('jobs', ch.jobs);
    }
  }
}
