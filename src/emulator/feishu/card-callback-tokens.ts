/**
 * The token a card callback carries, and POST /open-apis/interactive/v1/card/update {token, card}:
 * valid 30 minutes, usable twice (feishu.md). feishu.md does not name the refusal code; the
 * emulator answers 230001 with an explicit ext so the cause is visible.
 */
import { assertCardAcceptable } from './card-rules';
import { FeishuApiError, Codes } from './feishu-error';
import { newCallbackToken } from './ids';
import { replaceCard, type ApiAnswer } from './messages';
import type { EmulatorContext } from './model';

const TOKEN_TTL_MS = 30 * 60_000;
const TOKEN_USES = 2;

export function issueCallbackToken(ctx: EmulatorContext, messageId: string, operatorOpenId: string): string {
  const token = newCallbackToken();
  const tokens = ctx.state.callbackTokens;
  tokens.set(token, { messageId, operatorOpenId, issuedAt: ctx.now(), uses: 0 });
  // Expired tokens can never be used again: drop them (oldest first) so clicks do not pile up.
  for (const [key, entry] of tokens) {
    if (ctx.now() - entry.issuedAt <= TOKEN_TTL_MS) break;
    tokens.delete(key);
  }
  return token;
}

const refused = (ext: string, rule: string) =>
  new FeishuApiError(400, Codes.invalidParam, `Your request contains an invalid request parameter, ext=${ext}.`, {
    rule,
  });

export function updateCardByToken(ctx: EmulatorContext, body: unknown): ApiAnswer {
  const b = (body ?? {}) as { token?: unknown; card?: unknown };
  const entry = typeof b.token === 'string' ? ctx.state.callbackTokens.get(b.token) : undefined;
  if (!entry) throw refused('unknown callback token', 'card_token_unknown');
  if (ctx.now() - entry.issuedAt > TOKEN_TTL_MS)
    throw refused('callback token older than 30 minutes', 'card_token_expired');
  if (entry.uses >= TOKEN_USES) throw refused('callback token already used twice', 'card_token_used_up');
  const card = typeof b.card === 'string' ? safeParse(b.card) : b.card;
  assertCardAcceptable(card);
  const message = ctx.state.messages.get(entry.messageId);
  if (!message) throw refused('the card of this token no longer exists', 'card_token_unknown');
  entry.uses++;
  replaceCard(ctx, message, card);
  return { body: { code: 0, msg: 'success' } };
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
