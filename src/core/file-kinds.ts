/**
 * Files other than the one a feature claims (FeatureDef.files): a feature declares a kind of file
 * by its header row, and the claiming feature's import hands over a file whose header it does not
 * know but a kind recognises (e.g. the AI assistant's hot-question report sent like a KPI export).
 * The kind then shows its own preview and stores on its own confirm. Core imports no feature.
 */
import type { Deps } from './deps';
import type { Team } from './teams';

/** A file handed over: its bytes, where it came from, and the message its preview answers. */
export interface HandedFile {
  /** Unique per upload ("kpi-import:42"): taking the same one twice acts once. */
  source: string;
  fileName: string;
  bytes: Uint8Array;
  /** The message the preview replies to, in its chat. */
  messageId: string;
  chatId: string;
  requestedBy: string;
}

export interface FileKind {
  /** Whether this row of a sheet (its cells) is this kind's header row. */
  isHeader(cells: readonly unknown[]): boolean;
  /** The data-API route that takes this kind (the KPI import's API points a script there). */
  apiRoute?: string;
  /** Takes the file: reads it, replies with its preview; runs in the caller's transaction. */
  take(deps: Deps, team: Team, file: HandedFile, now: Date): Promise<void>;
}

/** The first registered kind (by key, in registration order) whose header is among `head`. */
export function kindOfHead(
  kinds: Readonly<Record<string, FileKind>>,
  head: readonly (readonly unknown[])[],
): { key: string; kind: FileKind } | undefined {
  for (const [key, kind] of Object.entries(kinds)) if (head.some((cells) => kind.isHeader(cells))) return { key, kind };
  return undefined;
}
