/** The board's own words (the panels' words are their features'). */
export const BX = {
  sectionFailed: {
    'zh-CN': '这一块暂时读不出来，稍后自动重试。',
    en: 'This part could not be read; it retries by itself.',
  },
  link: {
    'zh-CN':
      '「{team}」的现场大屏（只读，实时更新，适合 1920×1080 大屏和手机）：\n{url}\n\n这个链接就是钥匙，请只放在办公室的大屏上，不要转发到群里。泄露了就发送 /board rotate，旧链接立即失效。',
    en: 'The floor board of "{team}" (read-only, live, for a 1920×1080 screen or a phone):\n{url}\n\nThe link is the key: put it on the office screen only, never in a group. If it leaks, send /board rotate and the old link stops at once.',
  },
  rotated: {
    'zh-CN': '已换新链接，旧的大屏链接（包括已打开的页面）立即失效。',
    en: 'A new link: every earlier board link (open pages too) stops working now.',
  },
  sentPrivately: {
    'zh-CN': '已私信你现场大屏的链接。链接不会出现在群里。',
    en: 'I sent you the floor board link privately. It never appears in the group.',
  },
  noBoard: { 'zh-CN': '这个链接无效或已失效', en: 'This link is invalid or no longer works' },
  noBoardHint: {
    'zh-CN': '请主管在群里发送 /board，机器人会私信新的链接。',
    en: 'Ask the supervisor to send /board in the group: the bot sends a fresh link privately.',
  },
  title: { 'zh-CN': '现场大屏', en: 'Floor board' },
};
