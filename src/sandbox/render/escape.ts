/** Everything the console shows comes from chat content: escape it all, allow only http(s) links. */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);

export const safeUrl = (url: string): string | undefined => (/^https?:\/\/[^\s"'<>]+$/i.test(url) ? url : undefined);

/** Who an open_id is, for @mentions. */
export type PeopleLookup = (openId: string) => string | undefined;

export function atHtml(id: string, fallbackName: string, people: PeopleLookup): string {
  if (id === 'all' || id === '@_all') return '<span class="at at-all">@所有人</span>';
  const name = people(id) || fallbackName || `${id.slice(0, 8)}…`;
  return `<span class="at" title="${esc(id)}">@${esc(name)}</span>`;
}
