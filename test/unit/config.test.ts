import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('runs on PGlite and the sandbox when nothing is set', () => {
    const c = loadConfig({});
    expect(c.database).toEqual({ kind: 'pglite', dataDir: './.data' });
    expect(c.platform).toBe('sandbox');
    expect(c.port).toBe(3000);
    expect(c.timeZone).toBe('Asia/Shanghai');
    expect(c.locale).toBe('zh-CN');
  });

  it('uses Postgres and Feishu when configured', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u@h/db',
      FEISHU_APP_ID: 'cli_0123456789abcdef',
      FEISHU_APP_SECRET: 's',
      FEISHU_VERIFICATION_TOKEN: 'v',
      FLOORWALKER_ADMINS: 'ou_a, ou_b',
    });
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://u@h/db' });
    expect(c.platform).toBe('feishu');
    expect(c.feishu.domain).toBe('https://open.feishu.cn');
    expect(c.admins).toEqual(['ou_a', 'ou_b']);
  });

  it('takes admins of any platform: Feishu open_ids and DingTalk staff ids alike', () => {
    expect(loadConfig({ FLOORWALKER_ADMINS: 'ou_a,manager4521, 0412345678-1$x ,' }).admins).toEqual([
      'ou_a',
      'manager4521',
      '0412345678-1$x',
    ]);
  });

  it('runs the sandbox on Feishu unless told DingTalk; the DingTalk sandbox has a card template and DING', () => {
    expect(loadConfig({}).sandboxPlatform).toBe('feishu');
    expect(loadConfig({}).dingtalk).toMatchObject({ cardTemplateId: undefined, edition: 'standard' });
    const dt = loadConfig({ FLOORWALKER_SANDBOX_PLATFORM: 'dingtalk' });
    expect(dt.platform).toBe('sandbox');
    expect(dt.sandboxPlatform).toBe('dingtalk');
    expect(dt.dingtalk).toMatchObject({
      cardTemplateId: 'floorwalker-sandbox.schema',
      edition: 'professional',
      eventMode: 'http',
    });
    expect(
      loadConfig({ FLOORWALKER_SANDBOX_PLATFORM: 'dingtalk', DINGTALK_EDITION: 'standard' }).dingtalk.edition,
    ).toBe('standard');
  });

  const cases: [Record<string, string>, RegExp][] = [
    [{ FLOORWALKER_SANDBOX_PLATFORM: 'lark' }, /^FLOORWALKER_SANDBOX_PLATFORM expects "feishu" or "dingtalk"/],
    [{ FEISHU_APP_ID: 'cli_x' }, /^FEISHU_APP_SECRET is required when FEISHU_APP_ID is set$/],
    [{ FEISHU_APP_SECRET: 'x' }, /^FEISHU_APP_ID is required/],
    [{ FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 'y' }, /^FEISHU_VERIFICATION_TOKEN is required in webhook mode/],
    [
      { FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 'y', FEISHU_EVENT_MODE: 'ws' },
      /^FEISHU_APP_ID expects cli_ followed by 16 hex/,
    ],
    [{ PORT: 'eighty' }, /^PORT expects a port number from 0 to 65535 \(got "eighty"\)$/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL expects a postgres:\/\//],
    [{ FLOORWALKER_TIMEZONE: 'Mars/Olympus' }, /^FLOORWALKER_TIMEZONE expects an IANA time zone/],
    [{ FLOORWALKER_LOCALE: 'fr' }, /^FLOORWALKER_LOCALE expects "zh-CN" or "en"/],
    [{ FEISHU_EVENT_MODE: 'poll' }, /^FEISHU_EVENT_MODE expects "webhook" or "ws"/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL expects debug, info/],
    [
      { FLOORWALKER_ADMINS: 'ou_a, ou b' },
      /^FLOORWALKER_ADMINS expects comma-separated user ids without spaces, e\.g\. ou_… on Feishu \(got "ou b"\)$/,
    ],
    [{ FEISHU_DOMAIN: 'open.feishu.cn' }, /^FEISHU_DOMAIN expects an http\(s\) URL/],
    [{ FEISHU_WEBHOOK_PORT: '8081' }, /^FEISHU_WEBHOOK_PORT needs FEISHU_APP_ID/],
    [
      { FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 'y', FEISHU_VERIFICATION_TOKEN: 't', FEISHU_WEBHOOK_PORT: '8081' },
      /^FEISHU_WEBHOOK_PORT needs DATABASE_URL: the embedded database \(PGlite\)/,
    ],
    [
      {
        FEISHU_APP_ID: 'cli_a0000000000000be',
        FEISHU_APP_SECRET: 'y',
        FEISHU_EVENT_MODE: 'ws',
        FEISHU_WEBHOOK_PORT: '8081',
        DATABASE_URL: 'postgres://x/y',
      },
      /^FEISHU_WEBHOOK_PORT needs FEISHU_EVENT_MODE=webhook/,
    ],
    [
      {
        FEISHU_APP_ID: 'cli_x',
        FEISHU_APP_SECRET: 'y',
        FEISHU_VERIFICATION_TOKEN: 't',
        DATABASE_URL: 'postgres://x/y',
        PORT: '8081',
        FEISHU_WEBHOOK_PORT: '8081',
      },
      /^FEISHU_WEBHOOK_PORT must differ from PORT$/,
    ],
    [{ FEISHU_WEBHOOK_PORT: 'x' }, /^FEISHU_WEBHOOK_PORT expects a port number/],
  ];

  it('FEISHU_WEBHOOK_PORT: the webhook thread, with Feishu over webhooks on Postgres', () => {
    const c = loadConfig({
      FEISHU_APP_ID: 'cli_x',
      FEISHU_APP_SECRET: 'y',
      FEISHU_VERIFICATION_TOKEN: 't',
      DATABASE_URL: 'postgres://x/y',
      FEISHU_WEBHOOK_PORT: '8081',
    });
    expect(c.feishu.webhookPort).toBe(8081);
    expect(
      loadConfig({
        FEISHU_APP_ID: 'cli_x',
        FEISHU_APP_SECRET: 'y',
        FEISHU_VERIFICATION_TOKEN: 't',
        DATABASE_URL: 'postgres://x/y',
      }).feishu.webhookPort,
    ).toBeUndefined();
  });
  it.each(cases)('stops with one line naming the variable: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).not.toContain('\n');
    }
  });
});
