import type { Locale } from '../config';
import { t, type Text } from '../i18n';
import { ROLE_NAMES } from '../i18n/messages';
import type { StepInfo } from './policy';

/** What the engine itself says, whatever the subject: names of steps and why a buzz failed. */
export const EX = {
  stepPrimary: { 'zh-CN': '主值班', en: 'primary' },
  stepBackup: { 'zh-CN': '备份', en: 'backup' },
  stepSupervisors: { 'zh-CN': '主管', en: 'supervisors' },
  stepPeople: { 'zh-CN': '指定的人', en: 'the named people' },
  unreachable: { 'zh-CN': '无法加急', en: 'cannot be buzzed' },
} satisfies Record<string, Text>;

/** Why a buzz was not delivered, by the outbox's platform-neutral reason; shown on the timeline. */
const FAILURES: Record<string, Text> = {
  quota_exhausted: { 'zh-CN': '电话加急额度已用完，改为短信加急', en: 'phone quota used up; SMS buzz instead' },
  not_allowed: { 'zh-CN': '群设置不允许加急', en: 'the group does not allow buzzing' },
  not_own_message: { 'zh-CN': '不是机器人发的消息', en: 'not a message the bot sent' },
  too_many_unread: { 'zh-CN': '未读加急太多', en: 'too many unread buzzes' },
};

export function failureText(locale: Locale, reason: string, code: number | undefined): string {
  const known = FAILURES[reason];
  if (known) return t(locale, known);
  const why = `${reason}${code ? ' ' + code : ''}`;
  return t(locale, { 'zh-CN': `加急没有发出（${why}）`, en: `not sent (${why})` });
}

/** "primary", "backup", "supervisors", a role's name (a step past the last counts as the supervisors'). */
export function stepName(locale: Locale, info: Pick<StepInfo, 'kind' | 'role'>): string {
  switch (info.kind) {
    case 'primary':
      return t(locale, EX.stepPrimary);
    case 'backup':
      return t(locale, EX.stepBackup);
    case 'role':
      return info.role && info.role in ROLE_NAMES
        ? t(locale, ROLE_NAMES[info.role as keyof typeof ROLE_NAMES])
        : (info.role ?? '');
    case 'people':
      return t(locale, EX.stepPeople);
    default:
      return t(locale, EX.stepSupervisors);
  }
}
