import { z } from 'zod';

/**
 * The only place that reads the environment. Everything else receives a Config.
 * A bad value stops the process with one line naming the variable and what it expects.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const validTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const PORT_EXPECTS = 'expects a port number from 0 to 65535';

const envSchema = z.object({
  PORT: z.coerce
    .number({ message: PORT_EXPECTS })
    .int({ message: PORT_EXPECTS })
    .min(0, { message: PORT_EXPECTS })
    .max(65535, { message: PORT_EXPECTS })
    .default(3000),
  HOST: optionalString,
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'expects a postgres:// or postgresql:// URL',
  }),
  FLOORWALKER_DATA_DIR: optionalString,
  FEISHU_APP_ID: optionalString,
  FEISHU_APP_SECRET: optionalString,
  FEISHU_ENCRYPT_KEY: optionalString,
  FEISHU_VERIFICATION_TOKEN: optionalString,
  FEISHU_DOMAIN: optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
    message: 'expects an http(s) URL such as https://open.feishu.cn',
  }),
  FEISHU_EVENT_MODE: z.enum(['webhook', 'ws'], { message: 'expects "webhook" or "ws"' }).default('webhook'),
  FEISHU_WEBHOOK_PORT: z.coerce
    .number({ message: PORT_EXPECTS })
    .int({ message: PORT_EXPECTS })
    .min(0, { message: PORT_EXPECTS })
    .max(65535, { message: PORT_EXPECTS })
    .optional(),
  DINGTALK_CLIENT_ID: optionalString,
  DINGTALK_CLIENT_SECRET: optionalString,
  DINGTALK_ROBOT_CODE: optionalString,
  DINGTALK_EVENT_MODE: z.enum(['stream', 'http'], { message: 'expects "stream" or "http"' }).default('stream'),
  DINGTALK_DOMAIN: optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
    message: 'expects an http(s) URL such as https://api.dingtalk.com',
  }),
  DINGTALK_CARD_TEMPLATE_ID: optionalString,
  DINGTALK_EDITION: z
    .enum(['standard', 'professional', 'exclusive'], { message: 'expects "standard", "professional" or "exclusive"' })
    .default('standard'),
  FLOORWALKER_TIMEZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine(validTimeZone, { message: 'expects an IANA time zone such as Asia/Shanghai' }),
  FLOORWALKER_LOCALE: z.enum(['zh-CN', 'en'], { message: 'expects "zh-CN" or "en"' }).default('zh-CN'),
  FLOORWALKER_ADMINS: optionalString,
  FLOORWALKER_SANDBOX_PLATFORM: z
    .enum(['feishu', 'dingtalk'], { message: 'expects "feishu" or "dingtalk" (which platform the sandbox emulates)' })
    .default('feishu'),
  FLOORWALKER_PUBLIC_URL: optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
    message: 'expects the http(s) address people reach the bot at, such as https://bot.example.com',
  }),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error', 'silent'], { message: 'expects debug, info, warn, error or silent' })
    .default('info'),
});

export type Locale = 'zh-CN' | 'en';

export interface Config {
  port: number;
  host: string | undefined;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  platform: 'sandbox' | 'feishu' | 'dingtalk';
  /** With platform 'sandbox': which platform's emulator the sandbox runs (FLOORWALKER_SANDBOX_PLATFORM). */
  sandboxPlatform: 'feishu' | 'dingtalk';
  feishu: {
    appId: string;
    appSecret: string;
    encryptKey: string | undefined;
    verificationToken: string | undefined;
    domain: string;
    eventMode: 'webhook' | 'ws';
    /**
     * FEISHU_WEBHOOK_PORT: the webhook is also served on this port by a thread of its own, which
     * only accepts (src/webhook-thread.ts). Node on Postgres, webhook mode. Unset: none.
     */
    webhookPort?: number;
  };
  dingtalk: DingTalkConfig;
  timeZone: string;
  locale: Locale;
  admins: string[];
  /** Where people reach the bot (links on the floor board); unset: http://<host>:<port>. */
  publicUrl: string | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

export interface DingTalkConfig {
  /** AppKey / Client ID of the enterprise internal app. */
  clientId: string;
  clientSecret: string;
  /** The robot's code; for an internal app robot it is the AppKey. */
  robotCode: string;
  eventMode: 'stream' | 'http';
  /**
   * One base URL for both api.dingtalk.com and oapi.dingtalk.com (the emulator serves both);
   * undefined: DingTalk's own hosts. A session webhook must be on DingTalk's hosts or this one.
   */
  domain: string | undefined;
  /** The imported interactive-card template (without it, cards go out as markdown). */
  cardTemplateId: string | undefined;
  /** The org's DingTalk edition: DING (phone/SMS) and more than 10,000 API calls a month need professional. */
  edition: 'standard' | 'professional' | 'exclusive';
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The DingTalk sandbox's app (the local DingTalk emulator signs with its secret). */
export const SANDBOX_DINGTALK_APP = { clientId: 'dingsandbox0000000001', clientSecret: 'sandbox-dingtalk-secret' };
/** The card template the DingTalk sandbox's cards name (a real org imports templates/floorwalker-card.json and sets its id). */
export const SANDBOX_DINGTALK_TEMPLATE_ID = 'floorwalker-sandbox.schema';

/** Sandbox defaults: the built-in emulator signs and encrypts with these, like a real app would. */
export const SANDBOX_APP = {
  appId: 'cli_a0000000000000sb',
  appSecret: 'sandbox-secret',
  encryptKey: 'sandbox-encrypt-key',
  verificationToken: 'sandbox-verification-token',
};

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const got = env[name];
    throw new ConfigError(`${name} ${issue.message}${got === undefined ? '' : ` (got "${got}")`}`);
  }
  const e = parsed.data;
  if (e.FEISHU_APP_ID && !e.FEISHU_APP_SECRET) {
    throw new ConfigError('FEISHU_APP_SECRET is required when FEISHU_APP_ID is set');
  }
  if (e.FEISHU_APP_SECRET && !e.FEISHU_APP_ID) {
    throw new ConfigError('FEISHU_APP_ID is required when FEISHU_APP_SECRET is set');
  }
  if (e.DINGTALK_CLIENT_ID && !e.DINGTALK_CLIENT_SECRET) {
    throw new ConfigError('DINGTALK_CLIENT_SECRET is required when DINGTALK_CLIENT_ID is set');
  }
  if (e.DINGTALK_CLIENT_SECRET && !e.DINGTALK_CLIENT_ID) {
    throw new ConfigError('DINGTALK_CLIENT_ID is required when DINGTALK_CLIENT_SECRET is set');
  }
  if (e.DINGTALK_CLIENT_ID && e.FEISHU_APP_ID) {
    throw new ConfigError('set either FEISHU_APP_ID or DINGTALK_CLIENT_ID, not both: one process serves one platform');
  }
  const platform = e.FEISHU_APP_ID ? 'feishu' : e.DINGTALK_CLIENT_ID ? 'dingtalk' : 'sandbox';
  const dingTalkSandbox = platform === 'sandbox' && e.FLOORWALKER_SANDBOX_PLATFORM === 'dingtalk';
  if (platform === 'feishu' && e.FEISHU_EVENT_MODE === 'webhook' && !e.FEISHU_VERIFICATION_TOKEN) {
    throw new ConfigError(
      'FEISHU_VERIFICATION_TOKEN is required in webhook mode (find it under Events & Callbacks > Encryption Strategy)',
    );
  }
  if (e.FEISHU_WEBHOOK_PORT !== undefined) {
    const why =
      platform !== 'feishu'
        ? 'needs FEISHU_APP_ID (the sandbox and DingTalk have no Feishu webhook)'
        : e.FEISHU_EVENT_MODE !== 'webhook'
          ? 'needs FEISHU_EVENT_MODE=webhook (the long connection has no webhook)'
          : !e.DATABASE_URL
            ? 'needs DATABASE_URL: the embedded database (PGlite) can be opened by one thread only'
            : e.FEISHU_WEBHOOK_PORT !== 0 && e.FEISHU_WEBHOOK_PORT === e.PORT
              ? 'must differ from PORT'
              : undefined;
    if (why) throw new ConfigError(`FEISHU_WEBHOOK_PORT ${why}`);
  }
  if (platform === 'feishu' && e.FEISHU_EVENT_MODE === 'ws' && !/^cli_[0-9a-f]{16}$/.test(e.FEISHU_APP_ID!)) {
    throw new ConfigError('FEISHU_APP_ID expects cli_ followed by 16 hex characters for FEISHU_EVENT_MODE=ws');
  }
  const admins = (e.FLOORWALKER_ADMINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // Platform ids differ (Feishu open_id "ou_…", DingTalk staff ids): only what cannot be an id is refused.
  const bad = admins.find((a) => !/^[^\s,]+$/.test(a));
  if (bad)
    throw new ConfigError(
      `FLOORWALKER_ADMINS expects comma-separated user ids without spaces, e.g. ou_… on Feishu (got "${bad}")`,
    );

  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: e.FLOORWALKER_DATA_DIR ?? './.data' },
    platform,
    sandboxPlatform: e.FLOORWALKER_SANDBOX_PLATFORM,
    feishu:
      platform === 'feishu'
        ? {
            appId: e.FEISHU_APP_ID!,
            appSecret: e.FEISHU_APP_SECRET!,
            encryptKey: e.FEISHU_ENCRYPT_KEY,
            verificationToken: e.FEISHU_VERIFICATION_TOKEN,
            domain: e.FEISHU_DOMAIN ?? 'https://open.feishu.cn',
            eventMode: e.FEISHU_EVENT_MODE,
            ...(e.FEISHU_WEBHOOK_PORT !== undefined ? { webhookPort: e.FEISHU_WEBHOOK_PORT } : {}),
          }
        : {
            ...SANDBOX_APP,
            // The sandbox emulator is served by this same process; main.ts fills the domain in.
            domain: e.FEISHU_DOMAIN ?? '',
            eventMode: 'webhook',
          },
    dingtalk: {
      clientId: e.DINGTALK_CLIENT_ID ?? SANDBOX_DINGTALK_APP.clientId,
      clientSecret: e.DINGTALK_CLIENT_SECRET ?? SANDBOX_DINGTALK_APP.clientSecret,
      robotCode: e.DINGTALK_ROBOT_CODE ?? e.DINGTALK_CLIENT_ID ?? SANDBOX_DINGTALK_APP.clientId,
      // The sandbox delivers over HTTP to the bot's own /dingtalk/events unless told otherwise.
      eventMode: platform === 'dingtalk' || env.DINGTALK_EVENT_MODE ? e.DINGTALK_EVENT_MODE : 'http',
      domain: e.DINGTALK_DOMAIN?.replace(/\/+$/, ''),
      // The DingTalk sandbox has interactive cards (presses answer in place) and the DING add-on.
      cardTemplateId: e.DINGTALK_CARD_TEMPLATE_ID ?? (dingTalkSandbox ? SANDBOX_DINGTALK_TEMPLATE_ID : undefined),
      edition: dingTalkSandbox && !env.DINGTALK_EDITION ? 'professional' : e.DINGTALK_EDITION,
    },
    timeZone: e.FLOORWALKER_TIMEZONE,
    locale: e.FLOORWALKER_LOCALE,
    admins,
    publicUrl: e.FLOORWALKER_PUBLIC_URL?.replace(/\/+$/, ''),
    logLevel: e.LOG_LEVEL,
  };
}
