import { defineFeature } from '../../core/feature';
import { escalationGuards, onEscalationOutcome } from '../../escalation';
import { careActions, checkInAction, forgetAction } from './actions';
import { moodDigest } from './digest';
import { runPrompt } from './prompts';
import { SUBJECT, TIMER } from './repo';
import { moodDemo } from './demo';
import { runCareReminder } from './service';
import { moodSubject } from './subject';
import { moodBoard } from './board';

/**
 * Emotion check-ins (情绪打卡), private by construction: entries only in private chats, care cards
 * only to supervisors (and the agent's leader), the group sees at most "已私信你" and the digest's
 * aggregate of 3 or more people. Not in /kpi, alerts, the data API or exports.
 */
export const moodFeature = defineFeature({
  name: 'mood',
  timers: { [TIMER.prompt]: runPrompt, [TIMER.remind]: runCareReminder },
  actions: {
    'mood.checkin': checkInAction,
    'mood.forget': (ctx) => forgetAction(ctx),
    ...careActions,
  },
  escalation: { [SUBJECT]: moodSubject },
  guards: escalationGuards(SUBJECT, moodSubject),
  onOutboxOutcome: onEscalationOutcome,
  digest: moodDigest,
  board: moodBoard,
  sandbox: { quick: ['/mood', '/mood 2 被客户骂了', '/mood history'], data: moodDemo },
});
