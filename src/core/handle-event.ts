import { t } from '../i18n';
import { M } from '../i18n/messages';
import { enqueue, PRIORITY, uuidFor } from '../outbox/enqueue';
import { withTeamNames } from '../outbox/mention-names';
import type { Deps } from './deps';
import { runAction, runCommand, type Outcome } from './dispatch';
import { eventLanes, type EventLanes } from './event-lanes';
import { SlotsClosed, SlotsFull } from './work-slots';
import { INBOX_LEASE_MS, markProcessed, moveLease } from './inbox';
import type { App } from './app-def';
import type { CardActionAnswer, InboundEvent, InboundMessage } from './inbound';
import { ensureTeam, findTeam, teamOfMember, teamOfPerson, upsertMember, type Team } from './teams';
import { cardId } from './card-values';

export interface Handled {
  outcome: Outcome;
  command?: string;
  teamId?: number;
  /** For card actions: the toast and/or card to answer with. */
  answer?: CardActionAnswer;
}

export interface Handling {
  /** True when this event was seen before: nothing is done again. */
  duplicate: boolean;
  /** The work; the webhook answers first and lets this finish after (deferred). */
  done: Promise<Handled>;
}

/**
 * The one way in. The webhook, the long connection, the sandbox and the tests all call this with
 * an already-normalised event. It returns once the event is durably accepted (or known as a
 * duplicate); `done` settles when the work is finished.
 */
export async function handleEvent(received: InboundEvent, deps: Deps): Promise<Handling> {
  const started = performance.now();
  const event = withoutNul(withFileCommand(received, deps.app));
  if (event.type === 'message' && event.command === null) {
    return { duplicate: false, done: Promise.resolve({ outcome: 'ignored' }) };
  }
  const lanes = eventLanes(deps);
  const acceptedAt = deps.clock.now();
  // Past the in-memory bound a message's work is left to the inbox loop; stored without a lease
  // from the start, it costs the flood no second query to hand the lease back (card clicks always
  // run here: their answer waits on their work).
  const leftToInbox = event.type === 'message' && lanes.slots.full();
  const isNew = await lanes.acceptor.accept(event, acceptedAt, { leased: !leftToInbox });
  if (!isNew) {
    deps.log.info('event', {
      eventId: event.eventId,
      id: event.id,
      outcome: 'duplicate',
      ms: Math.round(performance.now() - started),
    });
    return { duplicate: true, done: Promise.resolve({ outcome: 'ignored' }) };
  }
  if (leftToInbox) {
    deps.log.info('event', { eventId: event.eventId, id: event.id, outcome: 'left to the inbox loop' });
    return { duplicate: false, done: Promise.resolve({ outcome: 'ignored' }) };
  }
  if (event.type === 'message' && deps.handOff) {
    // A thread that only accepts (the webhook's own thread): the work is another thread's.
    deps.handOff(event, acceptedAt);
    return { duplicate: false, done: Promise.resolve({ outcome: 'ignored' }) };
  }
  return { duplicate: false, done: continueAccepted(event, deps, acceptedAt, started) };
}

/**
 * The work of an event this process (or its webhook thread, Deps.handOff) has just accepted with
 * its lease; settles when the work is finished. `started`: when the event came in, for the log.
 */
export function continueAccepted(
  event: InboundEvent,
  deps: Deps,
  acceptedAt: Date,
  started = performance.now(),
): Promise<Handled> {
  const lanes = eventLanes(deps);
  // The work waits for a slot so that a burst cannot crowd the next event's accept out of the pool;
  // a card click goes first, its answer is due within 3 s.
  const work = workDeps(event, deps);
  const heldUntil = new Date(acceptedAt.getTime() + INBOX_LEASE_MS);
  return lanes.slots
    .run(() => processHeld(event, work, acceptedAt, heldUntil), { urgent: event.type === 'card_action' })
    .then(
      async (handled) => {
        if (!handled) {
          deps.log.info('event', {
            eventId: event.eventId,
            id: event.id,
            outcome: 'taken over',
            ms: Math.round(performance.now() - started),
          });
          return { outcome: 'ignored' as Outcome };
        }
        await markDone(event, work, lanes, handled.outcome).catch((err: unknown) =>
          deps.log.error('mark processed failed', { id: event.id, error: String(err) }),
        );
        deps.log.info('event', {
          eventId: event.eventId,
          id: event.id,
          team: handled.teamId,
          command: handled.command,
          outcome: handled.outcome,
          ms: Math.round(performance.now() - started),
        });
        return handled;
      },
      async (err: unknown) => {
        if (err instanceof SlotsClosed || err instanceof SlotsFull) {
          // This replica is stopping, or has more work waiting than it keeps in memory: hand the
          // event to the inbox loop (any replica's) now rather than when the lease ends.
          await moveLease(work.db, event.id, heldUntil, deps.clock.now()).catch(() => {});
          deps.log.info('event', {
            eventId: event.eventId,
            id: event.id,
            outcome: err instanceof SlotsFull ? 'left to the inbox loop' : 'left to another replica',
          });
          return { outcome: 'ignored' as Outcome };
        }
        // Left unprocessed on purpose: the inbox lease expires and another pass retries it.
        deps.log.error('event failed', {
          eventId: event.eventId,
          id: event.id,
          error: err instanceof Error ? err.stack : String(err),
        });
        return { outcome: 'error' as Outcome };
      },
    );
}

/**
 * A file sent to the bot privately carries no command (the platform knows none); it runs as the
 * command the feature claiming files named (App.fileCommand), and it is accepted with that command so
 * a replay does the same. With no feature claiming files it stays commandless: ignored, no reply.
 * In a group a file is chatter until someone @-mentions the bot in reply to it.
 */
export function withFileCommand(event: InboundEvent, app: Pick<App, 'fileCommand'>): InboundEvent {
  if (event.type !== 'message' || event.command !== null || !event.file || event.chatType !== 'p2p') return event;
  return app.fileCommand ? { ...event, command: `/${app.fileCommand}` } : event;
}

/**
 * A NUL character anywhere in what a person typed (or a card sent back) cannot be stored: Postgres
 * text and jsonb refuse it, so the inbox insert failed and the platform was told 500 and retried
 * forever. It carries no meaning in a chat, so it is dropped before anything is stored.
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('\u0000') ? value.replaceAll('\u0000', '') : value) as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k), withoutNul(v)])) as T;
  return value;
}

/**
 * An event's work once it has a slot. Under a flood it may have waited long enough for its inbox
 * lease to run short; it takes the lease again first, so that the work loop does not pick it up as
 * abandoned and run it a second time. Undefined: another replica has already taken it over.
 */
async function processHeld(
  event: InboundEvent,
  deps: Deps,
  acceptedAt: Date,
  heldUntil: Date,
): Promise<Handled | undefined> {
  const now = deps.clock.now();
  if (now.getTime() - acceptedAt.getTime() > INBOX_LEASE_MS / 2) {
    const held = await moveLease(deps.db, event.id, heldUntil, new Date(now.getTime() + INBOX_LEASE_MS));
    if (!held) return undefined;
  }
  return process(event, deps);
}

/**
 * A message's work may commit without waiting for the disk: if a crash loses it, it loses the
 * "processed" mark with it and the inbox runs the message again. A card action is not replayed
 * (its answer was due within 3 s), so what it does must be durable when the toast says it is done.
 */
function workDeps(event: InboundEvent, deps: Deps): Deps {
  return event.type === 'message' && deps.replayableDb ? { ...deps, db: deps.replayableDb } : deps;
}

/**
 * A message's mark goes with others of the same few milliseconds (core/processed-marks.ts: losing it
 * to a crash re-runs the message, as losing its asynchronous commit would); a card click's is
 * written durably at once, like its work.
 */
function markDone(event: InboundEvent, work: Deps, lanes: EventLanes, outcome: Outcome): Promise<void> {
  return event.type === 'message'
    ? lanes.marks.mark(event.id, outcome, work.clock.now())
    : markProcessed(work.db, event.id, outcome, work.clock.now());
}

/**
 * Re-runs an event that a crashed replica accepted but never finished (see inbox.claimUnfinished),
 * in one of the work slots, so that it gives way to accepting like any event's work. `heldUntil`:
 * the lease the claim set; when the slots refuse the work (full, or stopping), the lease is handed
 * back at once. Undefined: not run here.
 */
export async function resumeEvent(event: InboundEvent, deps: Deps, heldUntil?: Date): Promise<Handled | undefined> {
  const lanes = eventLanes(deps);
  const work = workDeps(event, deps);
  let handled: Handled;
  try {
    handled = await lanes.slots.run(() => process(event, work));
  } catch (err) {
    if (!(err instanceof SlotsClosed || err instanceof SlotsFull)) throw err;
    if (heldUntil) await moveLease(work.db, event.id, heldUntil, deps.clock.now()).catch(() => {});
    return undefined;
  }
  await markDone(event, work, lanes, handled.outcome);
  return handled;
}

async function resolveTeam(event: InboundEvent, deps: Deps): Promise<Team | undefined> {
  const { platform, tenantKey } = event;
  if (event.type === 'message' && event.chatType === 'p2p')
    return teamOfPerson(deps.db, { platform, tenantKey, openId: event.sender.openId });
  if (event.type === 'card_action') {
    const key = { platform, tenantKey, chatId: event.chatId };
    const own = await findTeam(deps.db, key);
    if (own) return own;
    // A card in someone's private chat with the bot (an import preview): the chat is no team, so
    // the card's buttons name the team, which counts only if the presser is one of its members.
    const named = cardId(event.value, 'team');
    if (named) {
      const team = await teamOfMember(deps.db, named, { platform, tenantKey, openId: event.operator.openId });
      if (team) return team;
    }
  }
  return (await ensureTeam(deps, { platform, tenantKey, chatId: event.chatId })).team;
}

async function process(event: InboundEvent, deps: Deps): Promise<Handled> {
  const team = await resolveTeam(event, deps);
  if (!team) {
    if (event.type === 'message') await replyNoTeam(event, deps);
    return { outcome: 'ignored' };
  }
  if (event.type === 'message') {
    const caller = await upsertMember(deps, team.id, event.sender, undefined, { spoke: true });
    if (event.chatType === 'group') for (const m of event.mentions) await upsertMember(deps, team.id, m);
    const outcome = await runCommand(deps, team, caller, event);
    return { outcome, command: commandName(event), teamId: team.id };
  }
  const caller = await upsertMember(deps, team.id, event.operator, undefined, { spoke: true });
  const { outcome, answer: given } = await runAction(deps, team, caller, event);
  // The answer goes straight back to the platform, not through the outbox: it gets the same names.
  const answer =
    given && deps.platformFor(event.platform).mentionsNeedNames ? await withTeamNames(deps.db, team.id, given) : given;
  return { outcome, answer, command: String(event.value.action ?? ''), teamId: team.id };
}

function commandName(event: InboundMessage): string {
  return (event.command ?? '').replace(/^[/／]\s*/, '').split(/\s+/)[0] ?? '';
}

async function replyNoTeam(event: InboundMessage, deps: Deps): Promise<void> {
  await enqueue(deps.db, deps.clock.now(), {
    kind: 'reply',
    teamId: null,
    messageId: event.messageId,
    chatId: event.chatId,
    body: { msgType: 'text', content: { text: t(deps.config.locale, M.p2pNoTeam) } },
    priority: PRIORITY.interactive,
    uuid: uuidFor(`${event.id}:noteam`),
  });
  deps.wake();
}
