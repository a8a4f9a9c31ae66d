/**
 * Script slots (话术位): the places where a feature shows customers' wording on a card (an anomaly
 * kind's apology, an incident kind's 统一口径, a complaint category's opening). A feature declares
 * its slots with a default wording; the one feature that keeps a script library (FeatureDef
 * .scriptLibrary) says which script a team linked to each slot. Core knows neither: a card asks
 * slotScript() and gets the linked script, or the slot's default when no library is registered.
 */
import type { Locale } from '../config';
import { t, type Text } from '../i18n';
import type { Db } from '../db/client';
import type { Team } from './teams';

/** A place a feature shows a script; keyed `${feature}.…` ("anomaly.price"). */
export interface ScriptSlot {
  /** How the team names the place in /script link ("异常·价格"). */
  label: Text;
  /** The title of the default script seeded from this slot. */
  title: Text;
  /** The wording the feature showed before the library (absent: nothing until a team links one). */
  text?: Text;
  tags?: string[];
}

/** What a card shows of a script. `id` absent: the slot's default, no library behind it. */
export interface ShownScript {
  id?: number;
  title: string;
  text: string;
}

/**
 * `ref` names the card that shows the script ("anomaly:42:card"): the library counts one use per
 * card and script, however often the card is redrawn. Without it nothing is counted.
 */
export interface ShowOpts {
  locale: Locale;
  now: Date;
  ref?: string;
}

/** What slotScript needs of Deps: the database and the app's slots and library (core/app-def.ts). */
export interface ScriptDeps {
  db: Db;
  app: { scriptSlots: Readonly<Record<string, ScriptSlot>>; scriptLibrary?: ScriptLibrary };
}

export interface ScriptLibrary {
  /**
   * The script `team` linked to `slot`, or undefined for none; a show by `opts.ref` counts a use.
   */
  linked(deps: ScriptDeps, team: Team, slot: string, opts: ShowOpts): Promise<ShownScript | undefined>;
}

/** The script a card shows in `slot` for `team`: the library's link, else the slot's own default. */
export async function slotScript(
  deps: ScriptDeps,
  team: Team,
  slot: string,
  opts: ShowOpts,
): Promise<ShownScript | undefined> {
  const lib = deps.app.scriptLibrary;
  if (lib) {
    const linked = await lib.linked(deps, team, slot, opts);
    if (linked) return linked;
  }
  const def = deps.app.scriptSlots[slot];
  return def?.text ? { title: t(opts.locale, def.title), text: t(opts.locale, def.text) } : undefined;
}
