/**
 * Tenant access tokens: issued for the right app id + secret, valid 2 h, checked on every call.
 * Like Feishu, a token with more than 30 minutes left is handed out again rather than replaced.
 */
import { newTenantToken } from './ids';
import { Codes, FeishuApiError } from './feishu-error';
import type { EmulatorContext } from './model';

const TOKEN_TTL_S = 7200;
const REISSUE_BEFORE_MS = 30 * 60_000;

function checkCredentials(ctx: EmulatorContext, body: unknown): void {
  const { app_id, app_secret } = (body ?? {}) as { app_id?: unknown; app_secret?: unknown };
  const app = ctx.state.app;
  if (app_id !== app.appId)
    throw new FeishuApiError(400, 10003, 'invalid param: app_id not found', { rule: 'credentials' });
  if (app_secret !== app.appSecret)
    throw new FeishuApiError(400, Codes.appSecretInvalid, 'app secret invalid', { rule: 'credentials' });
}

function currentToken(ctx: EmulatorContext): { token: string; expire: number } {
  const now = ctx.now();
  for (const [token, expiresAt] of ctx.state.tenantTokens) {
    if (expiresAt - now > REISSUE_BEFORE_MS) return { token, expire: Math.floor((expiresAt - now) / 1000) };
  }
  const token = newTenantToken();
  ctx.state.tenantTokens.set(token, now + TOKEN_TTL_S * 1000);
  return { token, expire: TOKEN_TTL_S };
}

export function tenantAccessToken(ctx: EmulatorContext, body: unknown) {
  checkCredentials(ctx, body);
  const { token, expire } = currentToken(ctx);
  return { code: 0, msg: 'ok', tenant_access_token: token, expire };
}

/** For a self-built app the app token equals the tenant token. */
export function appAccessToken(ctx: EmulatorContext, body: unknown) {
  checkCredentials(ctx, body);
  const { token, expire } = currentToken(ctx);
  return { code: 0, msg: 'ok', app_access_token: token, tenant_access_token: token, expire };
}

export function verifyBearer(ctx: EmulatorContext, authorization: string | undefined): void {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) {
    throw new FeishuApiError(
      400,
      Codes.missingToken,
      'Missing access token for authorization. Please make a request with token attached.',
      { rule: 'auth' },
    );
  }
  const expiresAt = ctx.state.tenantTokens.get(token);
  if (expiresAt === undefined || expiresAt <= ctx.now()) {
    throw new FeishuApiError(
      400,
      Codes.tokenInvalid,
      'Invalid access token for authorization. Please make a request with token attached.',
      { rule: 'auth' },
    );
  }
}
