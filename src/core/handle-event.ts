import { commands } from '../../commands';
import { t } from '../i18n';
import { M } from '../i18n/messages';
import { enqueue, PRIORITY, uuidFor } from '../outbox/enqueue';
import type { Deps } from './deps';
import { runAction, runCommand, type Outcome } from './dispatch';
import { acceptInbound, markProcessed } from './inbox';
import type { CardActionAnswer, InboundEvent, InboundMessage } from './inbound';
import { Registry } from './registry';
import { eventWorkSlots } from './work-slots';
import { ensureTeam, teamOfPerson, upsertMember, type Team } from './teams';

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

const defaultRegistry = new Registry(commands);

/**
 * The one way in. The webhook, the long connection, the sandbox and the tests all call this with
 * an already-normalised event. It returns once the event is durably accepted (or known as a
 * duplicate); `done` settles when the work is finished.
 */
export async function handleEvent(event: InboundEvent, deps: Deps, registry: Registry = defaultRegistry): Promise<Handling> {
  const started = performance.now();
  if (event.type === 'message' && event.command === null) {
    return { duplicate: false, done: Promise.resolve({ outcome: 'ignored' }) };
  }
  const isNew = await acceptInbound(deps.db, event, deps.clock.now());
  if (!isNew) {
    deps.log.info('event', { eventId: event.eventId, id: event.id, outcome: 'duplicate', ms: Math.round(performance.now() - started) });
    return { duplicate: true, done: Promise.resolve({ outcome: 'ignored' }) };
  }
  // The work waits for a slot so that a burst cannot crowd the next event's accept out of the pool;
  // a card click goes first, its answer is due within 3 s.
  const done = eventWorkSlots(deps).run(() => process(event, deps, registry), { urgent: event.type === 'card_action' }).then(
    async (handled) => {
      await markProcessed(deps.db, event.id, handled.outcome, deps.clock.now()).catch((err: unknown) =>
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
    (err: unknown) => {
      // Left unprocessed on purpose: the inbox lease expires and another pass retries it.
      deps.log.error('event failed', { eventId: event.eventId, id: event.id, error: err instanceof Error ? err.stack : String(err) });
      return { outcome: 'error' as Outcome };
    },
  );
  return { duplicate: false, done };
}

/** Re-runs an event that a crashed replica accepted but never finished (see inbox.claimUnfinished). */
export async function resumeEvent(event: InboundEvent, deps: Deps, registry: Registry = defaultRegistry): Promise<Handled> {
  const handled = await process(event, deps, registry);
  await markProcessed(deps.db, event.id, handled.outcome, deps.clock.now());
  return handled;
}

async function resolveTeam(event: InboundEvent, deps: Deps): Promise<Team | undefined> {
  if (event.type === 'message' && event.chatType === 'p2p') return teamOfPerson(deps.db, event.tenantKey, event.sender.openId);
  return (await ensureTeam(deps, event.tenantKey, event.chatId)).team;
}

async function process(event: InboundEvent, deps: Deps, registry: Registry): Promise<Handled> {
  const team = await resolveTeam(event, deps);
  if (!team) {
    if (event.type === 'message') await replyNoTeam(event, deps);
    return { outcome: 'ignored' };
  }
  if (event.type === 'message') {
    const caller = await upsertMember(deps, team.id, event.sender, undefined, { spoke: true });
    if (event.chatType === 'group') for (const m of event.mentions) await upsertMember(deps, team.id, m);
    const outcome = await runCommand(deps, registry, team, caller, event);
    return { outcome, command: commandName(event), teamId: team.id };
  }
  const caller = await upsertMember(deps, team.id, event.operator, undefined, { spoke: true });
  const { outcome, answer } = await runAction(deps, registry, team, caller, event);
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
