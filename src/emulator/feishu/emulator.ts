/**
 * A Feishu tenant in memory: the Open API the bot calls (handle), the members who type and press
 * buttons (emitMessage, clickButton), and everything observable — messages, API calls, buzzes,
 * violations — for tests and the sandbox console.
 */
import { systemClock, type Clock } from '../../clock';
import { SANDBOX_APP } from '../../config';
import { urlVerificationBody } from './event-envelopes';
import { FaultInjector, type FaultHandle, type FaultSpec } from './faults';
import { newChatId, newEventId, newOpenId, newTenantKey, newUnionId, newUserId } from './ids';
import {
  clickButton,
  emitFile,
  emitMessage,
  EmulatorUsageError,
  type ButtonClick,
  type ButtonClickResult,
  type EmittedMessage,
} from './member-actions';
import type {
  ApiCall,
  Bot,
  Chat,
  Delivery,
  EmulatorApp,
  EmulatorChange,
  EmulatorContext,
  EmulatorState,
  Quota,
  StoredMessage,
  UrgentCall,
  User,
  Violation,
} from './model';
import { handleOpenApi, type ApiRequest, type ApiResponse } from './open-api';
import { RateLimiter } from '../rate-limiter';
import { retentionLimits, type Retention } from './retention';
import { deliverToWebhook, type DeliveryResult, type WebhookTarget } from './webhook-delivery';

export interface EmulatorOptions {
  /** Defaults to SANDBOX_APP (src/config.ts). */
  app?: Partial<EmulatorApp>;
  tenantKey?: string;
  bot?: { openId?: string; name?: string };
  clock?: Clock;
  webhook?: WebhookTarget;
  /** SMS / phone buzzes left in the tenant's paid quota (default 1000 each). */
  quota?: Partial<Quota>;
  /** true (default): the app holds im:message.group_msg and gets every group message. */
  deliverAllGroupMessages?: boolean;
  /**
   * How the "answered too slowly" rule (3 s per event, 1 s for the URL check) is timed:
   * 'wall-clock' (default; the sandbox), 'off' (no such violations: tests, where a busy machine is
   * not a bot bug — startFakeFeishu's default), or a clock to time it on (a test's ManualClock).
   */
  answerBudget?: 'wall-clock' | 'off' | Clock;
  /**
   * Forget the oldest messages and log entries beyond these counts (default: keep everything). A
   * forgotten message answers as a deleted one does; for long runs such as the soak bench.
   */
  retain?: Retention;
}

export type EmulatorListener = (change: EmulatorChange) => void;

const DEFAULT_QUOTA: Quota = { sms: 1000, phone: 1000 };

export class FeishuEmulator {
  private readonly state: EmulatorState;
  private readonly ctx: EmulatorContext;
  private readonly faults = new FaultInjector();
  private readonly listeners = new Set<EmulatorListener>();
  private readonly initialQuota: Quota;
  private webhook: WebhookTarget | undefined;

  constructor(opts: EmulatorOptions = {}) {
    const clock = opts.clock ?? systemClock;
    this.initialQuota = { ...DEFAULT_QUOTA, ...opts.quota };
    this.webhook = opts.webhook;
    this.state = {
      app: { ...SANDBOX_APP, ...opts.app },
      tenantKey: opts.tenantKey ?? newTenantKey(),
      bot: { openId: opts.bot?.openId ?? newOpenId(), unionId: newUnionId(), name: opts.bot?.name ?? 'floorwalker' },
      users: new Map(),
      chats: new Map(),
      messages: new Map(),
      files: new Map(),
      sentByUuid: new Map(),
      tenantTokens: new Map(),
      callbackTokens: new Map(),
      urgentCalls: [],
      unreadBuzzes: new Map(),
      quota: { ...this.initialQuota },
      calls: [],
      violations: [],
      deliveries: [],
      deliverAllGroupMessages: opts.deliverAllGroupMessages ?? true,
      retain: retentionLimits(opts.retain),
    };
    this.ctx = {
      state: this.state,
      limiter: new RateLimiter(),
      now: () => clock.now().getTime(),
      answerStopwatch: stopwatchFor(opts.answerBudget ?? 'wall-clock'),
      notify: (change) => {
        for (const l of this.listeners) {
          try {
            l(change);
          } catch {
            // An observer's bug must not break the tenant.
          }
        }
      },
    };
  }

  get app(): EmulatorApp {
    return { ...this.state.app };
  }
  get bot(): Bot {
    return { ...this.state.bot };
  }
  get tenantKey(): string {
    return this.state.tenantKey;
  }

  /** The Open API, transport-free. routes.ts puts it on HTTP. */
  handle(req: ApiRequest): Promise<ApiResponse> {
    return handleOpenApi(this.ctx, this.faults, req);
  }

  // ── seeding ──────────────────────────────────────────────────────────────

  addUser(u: { name: string; openId?: string; unionId?: string; userId?: string }): User {
    const user: User = {
      openId: u.openId ?? newOpenId(),
      unionId: u.unionId ?? newUnionId(),
      userId: u.userId ?? newUserId(),
      name: u.name,
    };
    this.state.users.set(user.openId, user);
    this.ctx.notify({ type: 'user.added', user });
    return { ...user };
  }

  addChat(c: {
    name: string;
    type?: 'group' | 'p2p';
    chatId?: string;
    memberOpenIds?: string[];
    ownerOpenId?: string;
    botIsMember?: boolean;
    membersMayBuzz?: boolean;
  }): Chat {
    const members = c.memberOpenIds ?? [];
    const unknown = members.find((id) => !this.state.users.has(id));
    if (unknown) throw new EmulatorUsageError(`member ${unknown} is not a user of this tenant; addUser first`);
    const chat: Chat = {
      chatId: c.chatId ?? newChatId(),
      name: c.name,
      type: c.type ?? 'group',
      ownerOpenId: c.ownerOpenId ?? members[0] ?? '',
      memberOpenIds: [...members],
      botIsMember: c.botIsMember ?? true,
      membersMayBuzz: c.membersMayBuzz ?? true,
    };
    this.state.chats.set(chat.chatId, chat);
    this.ctx.notify({ type: 'chat.changed', chat });
    return { ...chat, memberOpenIds: [...chat.memberOpenIds] };
  }

  /** Change a chat's settings or members, e.g. `{ membersMayBuzz: false }` or `{ botIsMember: false }`. */
  updateChat(chatId: string, patch: Partial<Omit<Chat, 'chatId'>>): Chat {
    const chat = this.state.chats.get(chatId);
    if (!chat) throw new EmulatorUsageError(`no chat ${chatId}`);
    Object.assign(chat, patch, patch.memberOpenIds ? { memberOpenIds: [...patch.memberOpenIds] } : {});
    this.ctx.notify({ type: 'chat.changed', chat });
    return { ...chat, memberOpenIds: [...chat.memberOpenIds] };
  }

  setQuota(q: Partial<Quota>): void {
    Object.assign(this.state.quota, q);
  }

  setDeliverAllGroupMessages(on: boolean): void {
    this.state.deliverAllGroupMessages = on;
  }

  setWebhook(target: WebhookTarget | undefined): void {
    this.webhook = target;
  }

  /** Forget the tenant's people, chats, messages and logs; keep the app, the bot, issued tokens and the webhook. */
  reset(): void {
    const s = this.state;
    for (const m of [s.users, s.chats, s.messages, s.files, s.sentByUuid, s.callbackTokens, s.unreadBuzzes]) m.clear();
    for (const a of [s.urgentCalls, s.calls, s.violations, s.deliveries]) a.length = 0;
    s.quota = { ...this.initialQuota };
    this.ctx.limiter.clear();
    this.faults.clear();
    this.ctx.notify({ type: 'reset' });
  }

  /**
   * Put back what a previous run of the tenant saw (the sandbox keeps it in its data dir): messages
   * with their ids, so the bot's stored message ids still reach them (patch, buzz, buttons), and the
   * urgent and violation logs. A uuid sent within the hour still de-duplicates.
   */
  restore(saved: {
    messages?: StoredMessage[];
    urgentCalls?: UrgentCall[];
    violations?: Violation[];
    quota?: Quota;
  }): void {
    const s = this.state;
    for (const m of saved.messages ?? []) {
      s.messages.set(m.messageId, m);
      if (m.uuid && m.sender.type === 'bot') s.sentByUuid.set(m.uuid, { messageId: m.messageId, at: m.createTime });
    }
    s.urgentCalls.push(...(saved.urgentCalls ?? []));
    s.violations.push(...(saved.violations ?? []));
    if (saved.quota) s.quota = { ...saved.quota };
  }

  /**
   * Members open Feishu and read their buzzes (one member, or everyone): the unread count that
   * refuses a 201st buzz (230023) starts again from 0. A long run whose members never read would
   * otherwise hit the limit for good after 200 buzzes each.
   */
  readBuzzes(openId?: string): void {
    if (openId === undefined) this.state.unreadBuzzes.clear();
    else this.state.unreadBuzzes.delete(openId);
  }

  /** Invalidate every tenant token, as when Feishu rotates them: the next call gets 99991663. */
  expireTokens(): void {
    this.state.tenantTokens.clear();
  }

  // ── reading ──────────────────────────────────────────────────────────────

  users(): User[] {
    return [...this.state.users.values()];
  }
  user(openId: string): User | undefined {
    return this.state.users.get(openId);
  }
  chats(): Chat[] {
    return [...this.state.chats.values()];
  }
  chat(chatId: string): Chat | undefined {
    return this.state.chats.get(chatId);
  }
  /** Messages in posting order, optionally of one chat. */
  messages(chatId?: string): StoredMessage[] {
    const all = [...this.state.messages.values()];
    return chatId ? all.filter((m) => m.chatId === chatId) : all;
  }
  message(messageId: string): StoredMessage | undefined {
    return this.state.messages.get(messageId);
  }
  /** Open API calls, oldest first; filter by method and by a path substring or RegExp. */
  calls(filter: { method?: string; path?: string | RegExp } = {}): ApiCall[] {
    return this.state.calls.filter(
      (c) =>
        (!filter.method || c.method === filter.method.toUpperCase()) &&
        (!filter.path || (typeof filter.path === 'string' ? c.path.includes(filter.path) : filter.path.test(c.path))),
    );
  }
  violations(rule?: string): Violation[] {
    return this.state.violations.filter((v) => !rule || v.rule === rule);
  }
  urgentCalls(): UrgentCall[] {
    return [...this.state.urgentCalls];
  }
  deliveries(): Delivery[] {
    return [...this.state.deliveries];
  }
  quota(): Quota {
    return { ...this.state.quota };
  }

  // ── failure injection ────────────────────────────────────────────────────

  /** Make the next `times` calls matching method + path fail (or answer late). See FaultSpec. */
  failNext(spec: FaultSpec): FaultHandle {
    return this.faults.add(spec);
  }
  clearFaults(): void {
    this.faults.clear();
  }

  // ── events out ───────────────────────────────────────────────────────────

  /**
   * A member types `text` in a chat ("@Name" mentions users or the bot), optionally in reply to
   * `parentId`; Feishu delivers the event.
   */
  emitMessage(o: { chatId: string; senderOpenId: string; text: string; parentId?: string }): Promise<EmittedMessage> {
    return emitMessage(this.ctx, this.webhook, o);
  }

  /** A member sends a file (optionally in reply to `parentId`); Feishu delivers a file message. */
  emitFile(o: {
    chatId: string;
    senderOpenId: string;
    fileName: string;
    bytes: Uint8Array;
    parentId?: string;
  }): Promise<EmittedMessage> {
    return emitFile(this.ctx, this.webhook, o);
  }

  /** A stored file's bytes and name (uploaded by the bot or sent by a member), by file_key. */
  file(fileKey: string): { fileName: string; fileType: string; bytes: Uint8Array } | undefined {
    const f = this.state.files.get(fileKey);
    return f ? { fileName: f.fileName, fileType: f.fileType, bytes: f.bytes } : undefined;
  }

  /** A member presses a card button (by value or label); the card is replaced if the answer carries one. */
  clickButton(o: ButtonClick): Promise<ButtonClickResult> {
    return clickButton(this.ctx, this.webhook, o);
  }

  /** Send any event body again (Feishu re-delivers after a failed answer: at-least-once). */
  deliverEvent(event: { header?: { event_id?: string; event_type?: string } }): Promise<DeliveryResult> {
    if (!this.webhook) throw new EmulatorUsageError('no webhook configured');
    const eventType = event.header?.event_type ?? 'unknown';
    return deliverToWebhook(this.ctx, this.webhook, event, {
      eventType,
      eventId: event.header?.event_id ?? newEventId(),
      sign: true,
      budgetMs: 3000,
    });
  }

  /** The URL check Feishu runs when the request URL is saved: unsigned, answered with the challenge within 1 s. */
  async verifyUrl(): Promise<{ ok: boolean; challenge: string; answer: unknown; status: number }> {
    if (!this.webhook) throw new EmulatorUsageError('no webhook configured');
    const challenge = newEventId();
    const r = await deliverToWebhook(this.ctx, this.webhook, urlVerificationBody(this.state, challenge), {
      eventType: 'url_verification',
      eventId: challenge,
      sign: false,
      budgetMs: 1000,
    });
    const ok = r.status === 200 && (r.answer as { challenge?: unknown } | undefined)?.challenge === challenge;
    return { ok, challenge, answer: r.answer, status: r.status };
  }

  // ── observers ────────────────────────────────────────────────────────────

  /** Called on every change (message added/updated, API call, buzz, violation, delivery …). Returns unsubscribe. */
  subscribe(listener: EmulatorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function stopwatchFor(budget: 'wall-clock' | 'off' | Clock): (() => number) | null {
  if (budget === 'off') return null;
  if (budget === 'wall-clock') return () => performance.now();
  return () => budget.now().getTime();
}
