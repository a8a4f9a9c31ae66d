import type { EscalationSubject } from '../escalation/subject';
import type { Guard } from '../outbox/guards';
import type { OutboxListener } from '../outbox/listeners';
import type { ActionHandler, CommandDef } from './command-def';
import type { BoardSection } from './board';
import type { ExportKind } from './export-def';
import type { DigestSection, FeatureDef, SandboxData, SeedLine } from './feature';
import type { FileKind } from './file-kinds';
import type { JobDef } from './job-def';
import type { ScriptLibrary, ScriptSlot } from './script-slots';
import { DATA_TIMER, runDataSignal, type DataHandler } from './data-signals';
import { Registry } from './registry';
import { defaultSpec, runScheduleTimer, SCHEDULE_TIMER, type ScheduleDef } from './schedules';
import type { TimerHandler } from './timers';

/** Everything the features, commands and jobs register, looked up by core, outbox and sandbox. */
export interface App {
  features: readonly FeatureDef[];
  commands: readonly CommandDef[];
  jobs: readonly JobDef[];
  registry: Registry;
  timers: Readonly<Record<string, TimerHandler>>;
  /** Per-team schedules by key ("duty.morning"), in registration order. */
  schedules: Readonly<Record<string, ScheduleDef>>;
  guards: Readonly<Record<string, Guard>>;
  /** Outbox listeners by ref prefix (the feature's name). */
  listeners: Readonly<Record<string, OutboxListener>>;
  digest: readonly DigestSection[];
  /** The floor board's sections (core/board.ts), in ascending order. */
  board: readonly BoardSection[];
  /** Readers of each data topic ("kpi"), in registration order (core/data-signals.ts). */
  dataHandlers: Readonly<Record<string, readonly DataHandler[]>>;
  /** Escalation subjects by key ("anomaly"), for the escalation engine and /policy. */
  escalation: Readonly<Record<string, EscalationSubject>>;
  sandbox: { quick: string[]; seed: SeedLine[]; data: { feature: string; data: SandboxData }[] };
  /** The command (without "/") a file sent to the bot privately runs as, when a feature claims files. */
  fileCommand?: string;
  /** Kinds of file features read besides the claimant's own (core/file-kinds.ts), in registration order. */
  fileKinds: Readonly<Record<string, FileKind>>;
  /** Places where cards show customers' wording, by key ("anomaly.price"), in registration order. */
  scriptSlots: Readonly<Record<string, ScriptSlot>>;
  /** Which script fills each slot, when a feature keeps a script library. */
  scriptLibrary?: ScriptLibrary;
  /** What may be exported, by kind and by alias (core/export-def.ts), in registration order. */
  exports: readonly ExportKind[];
}

/** A definition problem found at start: the process stops with this message. */
export class AppDefinitionError extends Error {
  override name = 'AppDefinitionError';
}

/** `key` is `prefix` itself or `prefix` followed by a separator or a capital ("anomalyClaimed"). */
const ownedBy = (key: string, prefix: string): boolean =>
  key === prefix || (key.startsWith(prefix) && /^[.:_\-A-Z]/.test(key.slice(prefix.length)));

function addOnce<T>(into: Record<string, T>, key: string, value: T, what: string): void {
  if (key in into) throw new AppDefinitionError(`${what} "${key}" is registered twice`);
  into[key] = value;
}

/**
 * Builds the registries once and rejects, at start, what would otherwise fail at run time: two
 * features, commands, jobs, actions, timer kinds, schedules or digest sections with one name, and a name that
 * does not carry its owner's prefix (a timer kind of the anomaly feature is "anomaly.…", an escalation
 * subject of it "anomaly…"), and an escalation subject without its guards or outcome listener.
 */
export function defineApp(def: { features: FeatureDef[]; commands: CommandDef[]; jobs: JobDef[] }): App {
  // Every schedule's slots are timers of core's one kind (its handler finds the feature's run).
  const timers: Record<string, TimerHandler> = { [SCHEDULE_TIMER]: runScheduleTimer, [DATA_TIMER]: runDataSignal };
  const dataHandlers: Record<string, DataHandler[]> = {};
  const exports: ExportKind[] = [];
  const schedules: Record<string, ScheduleDef> = {};
  const guards: Record<string, Guard> = {};
  const listeners: Record<string, OutboxListener> = {};
  const actions: Record<string, ActionHandler> = {};
  const names: Record<string, true> = {};
  const digest: DigestSection[] = [];
  const board: BoardSection[] = [];
  const escalation: Record<string, EscalationSubject> = {};
  const fileKinds: Record<string, FileKind> = {};
  const sandbox: App['sandbox'] = { quick: [], seed: [], data: [] };
  const scriptSlots: Record<string, ScriptSlot> = {};
  let library: { lib: ScriptLibrary; feature: string } | undefined;
  let files: { command: string; feature: string } | undefined;

  for (const f of def.features) {
    if (!/^[a-z][a-zA-Z0-9]*$/.test(f.name))
      throw new AppDefinitionError(`feature name "${f.name}" must be a lower-case word`);
    addOnce(names, f.name, true, 'feature');
    const owned = (kind: string, key: string, sep: string) => {
      if (!ownedBy(key, f.name) || (sep && !key.startsWith(f.name + sep)))
        throw new AppDefinitionError(`${kind} "${key}" of feature "${f.name}" must start with "${f.name}${sep}"`);
    };
    for (const [k, h] of Object.entries(f.timers ?? {}))
      (owned('timer kind', k, '.'), addOnce(timers, k, h, 'timer kind'));
    for (const [k, s] of Object.entries(f.schedules ?? {})) {
      owned('schedule', k, '.');
      if (!defaultSpec(s))
        throw new AppDefinitionError(`schedule "${k}" needs a time "HH:MM" and weekdays 1 (Monday) … 7 (Sunday)`);
      if (!(s.catchUpMinutes >= 0)) throw new AppDefinitionError(`schedule "${k}" needs catchUpMinutes ≥ 0`);
      addOnce(schedules, k, s, 'schedule');
    }
    for (const [k, g] of Object.entries(f.guards ?? {})) (owned('guard', k, ''), addOnce(guards, k, g, 'guard'));
    for (const [k, a] of Object.entries(f.actions ?? {}))
      (owned('card action', k, '.'), addOnce(actions, k, a, 'card action'));
    if (f.onOutboxOutcome) listeners[f.name] = f.onOutboxOutcome;
    for (const [k, subject] of Object.entries(f.escalation ?? {})) {
      owned('escalation subject', k, '');
      addOnce(escalation, k, subject, 'escalation subject');
      // The engine names the subject's outbox rows "<key>:<id>…" and guards them with these.
      for (const g of [k, `${k}Claimed`]) {
        if (!f.guards || !(g in f.guards))
          throw new AppDefinitionError(
            `escalation subject "${k}" of feature "${f.name}" needs guard "${g}" (guards: escalationGuards("${k}", subject))`,
          );
      }
      if (!f.onOutboxOutcome)
        throw new AppDefinitionError(
          `escalation subject "${k}" of feature "${f.name}" needs onOutboxOutcome (onEscalationOutcome)`,
        );
      // Outcomes are routed by the ref's first part: a key longer than the feature's name is routed too.
      if (k !== f.name) addOnce(listeners, k, f.onOutboxOutcome, 'outbox listener');
    }
    for (const [topic, h] of Object.entries(f.onData ?? {})) (dataHandlers[topic] ??= []).push(h);
    for (const [k, kind] of Object.entries(f.fileKinds ?? {}))
      (owned('file kind', k, ''), addOnce(fileKinds, k, kind, 'file kind'));
    for (const section of f.digest ? [f.digest].flat() : []) {
      if (digest.some((d) => d.key === section.key))
        throw new AppDefinitionError(`digest section "${section.key}" is registered twice`);
      digest.push(section);
    }
    for (const [k, slot] of Object.entries(f.scriptSlots ?? {}))
      (owned('script slot', k, '.'), addOnce(scriptSlots, k, slot, 'script slot'));
    if (f.scriptLibrary) {
      if (library)
        throw new AppDefinitionError(`features "${library.feature}" and "${f.name}" both keep a script library`);
      library = { lib: f.scriptLibrary, feature: f.name };
    }
    for (const section of f.board ? [f.board].flat() : []) {
      if (board.some((b) => b.key === section.key))
        throw new AppDefinitionError(`board section "${section.key}" is registered twice`);
      board.push(section);
    }
    if (f.files) {
      if (files)
        throw new AppDefinitionError(
          `features "${files.feature}" and "${f.name}" both claim files sent to the bot (FeatureDef.files)`,
        );
      const command = f.files.command.trim().replace(/^[/／]\s*/, '');
      if (!command) throw new AppDefinitionError(`feature "${f.name}" claims files with an empty command`);
      files = { command, feature: f.name };
    }
    for (const x of f.exports ?? []) {
      for (const word of [x.kind, ...(x.aliases ?? [])])
        if (exports.some((e) => e.kind === word || e.aliases?.includes(word)))
          throw new AppDefinitionError(`export kind "${word}" of feature "${f.name}" is registered twice`);
      exports.push(x);
    }
    sandbox.quick.push(...(f.sandbox?.quick ?? []));
    sandbox.seed.push(...(f.sandbox?.seed ?? []));
    if (f.sandbox?.data) sandbox.data.push({ feature: f.name, data: f.sandbox.data });
  }
  for (const c of def.commands) {
    for (const [k, a] of Object.entries(c.actions ?? {})) {
      if (!ownedBy(k, c.name))
        throw new AppDefinitionError(`card action "${k}" of command "/${c.name}" must start with "${c.name}."`);
      addOnce(actions, k, a, 'card action');
    }
  }
  if (files) {
    const word = files.command.split(/\s+/)[0]!;
    if (!def.commands.some((c) => c.name === word || c.aliases.includes(word)))
      throw new AppDefinitionError(
        `feature "${files.feature}" claims files for "/${files.command}", an unknown command`,
      );
  }
  const jobNames: Record<string, true> = {};
  for (const j of def.jobs) addOnce(jobNames, j.name, true, 'job');
  digest.sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  board.sort((a, b) => (a.order ?? 0) - (b.order ?? 0));

  return {
    features: def.features,
    commands: def.commands,
    jobs: def.jobs,
    registry: new Registry(def.commands, actions),
    timers,
    schedules,
    guards,
    listeners,
    digest,
    board,
    dataHandlers,
    escalation,
    fileKinds,
    exports,
    sandbox,
    scriptSlots,
    ...(library ? { scriptLibrary: library.lib } : {}),
    ...(files ? { fileCommand: files.command } : {}),
  };
}
