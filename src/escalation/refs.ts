/**
 * The names of everything the engine stores for subject `key`, row `id`. They keep the shape the
 * anomaly feature used before the engine existed ("anomaly:42:step:1", guard "anomaly:42"), so
 * rows already stored go on working; every timer of one row starts with `${key}:${id}:`.
 *
 * A subject that escalates again after its escalation ended (a complaint's second SLA breach) runs
 * a new cycle: cycle r > 0 names its steps, buzzes, reminders and once-keys "anomaly:42.r:…", so
 * that none of them collides with what an earlier cycle already did or sent. The guards stay per
 * row: a claim or resolve stops every cycle's buzzes.
 */
const of = (key: string, id: number, cycle = 0) => (cycle > 0 ? `${key}:${id}.${cycle}` : `${key}:${id}`);

export const refs = {
  step: (key: string, id: number, step: number, cycle = 0) => `${of(key, id, cycle)}:step:${step}`,
  steps: (key: string, id: number, cycle = 0) => `${of(key, id, cycle)}:step:`,
  remind: (key: string, id: number, n: number, cycle = 0) => `${of(key, id, cycle)}:remind:${n}`,
  outcome: (key: string, id: number, rowId: number) => `${key}:${id}:outcome:${rowId}`,
  /** Every timer of cycle 0 (and the outcomes of all cycles). */
  all: (key: string, id: number) => `${key}:${id}:`,
  /** Every timer of the cycles after the first. */
  laterCycles: (key: string, id: number) => `${key}:${id}.`,
  buzz: (key: string, id: number, step: number, channel: string, cycle = 0) =>
    `${of(key, id, cycle)}:buzz:${step}:${channel}`,
  /** The outbox uuid of one buzz (`tag`: one of several on a step, one per person's own card). */
  buzzUuid: (key: string, id: number, step: number, channel: string, cycle = 0, tag?: string) =>
    `${of(key, id, cycle)}:s${step}:${channel}${tag ? `:${tag}` : ''}`,
  /** A key for something said or done once: `${key}:${id}:${what}`. */
  once: (key: string, id: number, what: string, cycle = 0) => `${of(key, id, cycle)}:${what}`,
  /** Guard of buzzes: send only while nobody has claimed or resolved it. */
  buzzGuard: (key: string, id: number) => `${key}:${id}`,
  /** Guard of reminders: send only while claimed and not resolved. */
  remindGuard: (key: string, id: number) => `${key}Claimed:${id}`,
  /** The `seq`th gathered "too many unread buzzes" notice of a group for `who` (not any subject's). */
  unreadNotice: (teamId: number, who: string, seq: number) => `unread:${teamId}:${who}:${seq}`,
};

/** "anomaly:42:buzz:3:phone" (or cycle 2's "anomaly:42.2:buzz:3:phone") → its parts; anything else → undefined. */
export function parseBuzzRef(
  ref: string | null,
): { key: string; id: number; cycle: number; step: number; channel: 'phone' | 'app' | 'sms' } | undefined {
  const m = /^([a-z][a-zA-Z0-9]*):(\d+)(?:\.(\d+))?:buzz:(\d+):(phone|app|sms)$/.exec(ref ?? '');
  return m
    ? {
        key: m[1]!,
        id: Number(m[2]),
        cycle: Number(m[3] ?? 0),
        step: Number(m[4]),
        channel: m[5] as 'phone' | 'app' | 'sms',
      }
    : undefined;
}

/** The engine's timer kinds (registered by escalationFeature in src/app.ts). */
export const TIMER = {
  step: 'escalation.step',
  remind: 'escalation.remind',
  outcome: 'escalation.outcome',
  unread: 'escalation.unread',
} as const;
