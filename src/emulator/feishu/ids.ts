import { randomBytes } from 'node:crypto';

/** Ids shaped like Feishu's: a type prefix and 32 hex characters. */
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export const newMessageId = () => `om_${hex(16)}`;
export const newChatId = () => `oc_${hex(16)}`;
export const newOpenId = () => `ou_${hex(16)}`;
export const newUnionId = () => `on_${hex(16)}`;
export const newUserId = () => hex(4);
export const newEventId = () => hex(16);
export const newTenantToken = () => `t-${hex(20)}`;
export const newCallbackToken = () => `c-${hex(20)}`;
export const newNonce = () => hex(8);
export const newTenantKey = () => hex(8);
/** file_v2_ and a UUID-shaped id, as Feishu's file keys look. */
export const newFileKey = () => {
  const h = hex(16);
  return `file_v2_${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
