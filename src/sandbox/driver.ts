/**
 * What the sandbox console needs from an emulated platform, whichever it is: the demo tenant's
 * people and chats, the messages as the console shows them, one stream of changes, what a member
 * does (type, send a file, press a card button), the escalation and rule logs, reset, and what a
 * restart keeps. FLOORWALKER_SANDBOX_PLATFORM picks the implementation (feishu-driver.ts,
 * dingtalk-driver.ts); everything else in src/sandbox talks to this.
 */
import type { Hono } from 'hono';
import type { Deps } from '../core/deps';
import type { PlatformApi } from '../port/platform';
import type { ShownMessage } from './render/message';

export type SandboxPlatform = 'feishu' | 'dingtalk';

export interface ShownUrgent {
  time: number;
  kind: 'app' | 'sms' | 'phone';
  kindName: string;
  /** The message the buzz is about ('' for a DingTalk DING, which stands alone). */
  messageId: string;
  chatId?: string | undefined;
  about: string;
  callees: string[];
  invalid: string[];
  result: string;
}

export interface ShownViolation {
  time: number;
  rule: string;
  ruleText?: string | undefined;
  status: number;
  code: number | string | undefined;
  method: string;
  path: string;
  detail: string;
}

export interface ShownCall {
  seq: number;
  time: number;
  method: string;
  path: string;
  status: number;
  code?: number | string | undefined;
  msg?: string | undefined;
  dedup?: boolean | undefined;
}

export interface ShownDelivery {
  time: number;
  eventType: string;
  status: number;
  elapsedMs: number;
  error?: string | undefined;
}

export interface ChatView {
  chatId: string;
  name: string;
  type: 'group' | 'p2p';
  /** DingTalk's group API names no owner. */
  ownerOpenId?: string | undefined;
  memberOpenIds: string[];
}

/** What the console hears of the platform (already in its own shapes). */
export type DriverChange =
  | { type: 'message'; message: ShownMessage; fromBot: boolean }
  | { type: 'urgent'; call: ShownUrgent }
  | { type: 'violation'; violation: ShownViolation }
  | { type: 'call'; call: ShownCall }
  | { type: 'delivery'; delivery: ShownDelivery }
  | { type: 'reset' };

/** What happened to something a member did: did the bot get it. */
export interface Emitted {
  messageId: string;
  delivered: boolean;
  status?: number | undefined;
  reason?: string | undefined;
}

export interface Clicked {
  /** The bot's HTTP answer (0: none). */
  status: number;
  error?: string | undefined;
  toast?: { type: string; content: string } | null;
  cardUpdated: boolean;
  elapsedMs?: number | undefined;
}

export interface SandboxDriver {
  readonly platform: SandboxPlatform;
  /** 飞书 / 钉钉: the console's header and notes. */
  readonly platformName: string;
  readonly tenantKey: string;
  readonly groupChatId: string;
  readonly bot: { openId: string; name: string };
  /** How a member's command reaches the bot in the group, as the composer's note says it. */
  readonly groupAtNote: string;
  /** The console's words for this platform's escalation and rule logs (zh-CN). */
  readonly notes: { urgentKinds: string; noUrgent: string; rules: string; noRules: string };
  /** The bot's PlatformApi, pointed at this emulator. */
  readonly api: PlatformApi;
  /** The demo people, chats and each person's private chat (ids derived from names: stable). */
  populate(): void;
  personId(name: string): string;
  p2pChatId(name: string): string;
  chats(): ChatView[];
  messages(): ShownMessage[];
  urgentCalls(): ShownUrgent[];
  violations(): ShownViolation[];
  calls(): ShownCall[];
  deliveries(): ShownDelivery[];
  quota(): { sms: number; phone: number };
  subscribe(listener: (change: DriverChange) => void): () => void;
  send(o: { chatId: string; senderOpenId: string; text: string; parentId?: string | undefined }): Promise<Emitted>;
  sendFile(o: {
    chatId: string;
    senderOpenId: string;
    fileName: string;
    bytes: Uint8Array;
    parentId?: string | undefined;
  }): Promise<Emitted>;
  click(o: {
    messageId: string;
    operatorOpenId: string;
    value: Record<string, unknown>;
    formValue?: Record<string, string> | undefined;
  }): Promise<Clicked>;
  /** A file message's file, for the chip's download link. */
  file(messageId: string): { fileName: string; bytes: Uint8Array } | undefined;
  /** Whether the bot has answered `messageId` yet (the seeding waits for it). */
  answered(chatId: string, messageId: string): boolean;
  /** Forget every chat, message and log, and add the demo people again. */
  reset(): void;
  /** What sandbox.json keeps (messages, logs, quota), and putting it back after a restart. */
  snapshot(): Record<string, unknown> & { messages: unknown[] };
  restore(saved: Record<string, unknown> & { messages: unknown[] }): void;
  /** The emulator's API (and, on DingTalk, the bot's event route) on the bot's own server. */
  routes(app: Hono, deps: () => Deps | undefined): void;
}
