import { describe, expect, it } from 'vitest';
import { commands } from '../../commands';
import { jobs } from '../../jobs';
import { features } from '../../src/app';
import { AppDefinitionError, defineApp } from '../../src/core/app-def';
import { defineFeature, type FeatureDef } from '../../src/core/feature';
import { escalationGuards, onEscalationOutcome } from '../../src/escalation';
import { anomalySubject } from '../../src/features/anomaly/subject';

const build = (...extra: FeatureDef[]) => defineApp({ features: [...features, ...extra], commands, jobs });
/** A subject wired as a feature must wire it. */
const wired = (name: string, key = name): FeatureDef =>
  defineFeature({
    name,
    escalation: { [key]: anomalySubject },
    guards: escalationGuards(key, anomalySubject),
    onOutboxOutcome: onEscalationOutcome,
  });

describe('escalation subjects in the app definition', () => {
  it('collects every feature’s subjects into app.escalation, and the engine’s timer kinds into app.timers', () => {
    const app = build(wired('drill'));
    expect(Object.keys(app.escalation)).toEqual([
      'anomaly',
      'alertViolation',
      'inspection',
      'mood',
      'incident',
      'complaint',
      'risk',
      'drill',
    ]);
    expect(app.escalation.anomaly).toBe(anomalySubject);
    expect(Object.keys(app.timers)).toEqual(
      expect.arrayContaining(['escalation.step', 'escalation.remind', 'escalation.outcome', 'anomaly.step']),
    );
    expect(Object.keys(app.guards)).toEqual(
      expect.arrayContaining(['anomaly', 'anomalyClaimed', 'drill', 'drillClaimed']),
    );
  });

  it('routes the outcomes of a subject named longer than its feature to that feature’s listener', () => {
    const app = build(wired('drill', 'drillSla'));
    expect(app.listeners.drillSla).toBe(onEscalationOutcome);
    expect(app.listeners.drill).toBe(onEscalationOutcome);
  });

  it('refuses, at start, a subject not named after its feature, one registered twice, or one without its guards or listener', () => {
    // (Its guards, named after it, are refused first.)
    expect(() => build(wired('drill', 'fire'))).toThrow(/"fire" of feature "drill" must start with "drill"/);
    expect(() => build(defineFeature({ name: 'drill', escalation: { fire: anomalySubject } }))).toThrow(
      new AppDefinitionError('escalation subject "fire" of feature "drill" must start with "drill"'),
    );
    expect(() => build(defineFeature({ name: 'anomalyCopy', escalation: { anomaly: anomalySubject } }))).toThrow(
      AppDefinitionError,
    );
    expect(() =>
      build(
        defineFeature({ name: 'drill', escalation: { drill: anomalySubject }, onOutboxOutcome: onEscalationOutcome }),
      ),
    ).toThrow('escalation subject "drill" of feature "drill" needs guard "drill"');
    expect(() =>
      build(
        defineFeature({
          name: 'drill',
          escalation: { drill: anomalySubject },
          guards: escalationGuards('drill', anomalySubject),
        }),
      ),
    ).toThrow('needs onOutboxOutcome');
  });
});

describe('every subject’s words for the platform’s refusals', () => {
  const app = build();
  // What outcome.ts fills besides the subject's own vars: {who} always, {code} only where the platform named one.
  const engineFills: Record<string, string[]> = {
    quotaEmpty: ['who'],
    groupForbids: ['who', 'code'],
    notOwnMessage: ['who', 'code'],
    invalidPeople: ['who'],
    tooManyBuzzes: ['who'],
  };
  const subjectVars = ['id', 'store', 'kind', 'day', 'title'];
  for (const [key, subject] of Object.entries(app.escalation)) {
    it(`${key}: leaves no placeholder the engine does not fill, and names who could not be buzzed`, () => {
      for (const [name, fills] of Object.entries(engineFills)) {
        const text = subject.texts[name as keyof typeof subject.texts];
        for (const words of Object.values(text)) {
          const holes = [...words.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
          expect(
            holes.filter((h) => !fills.includes(h) && !subjectVars.includes(h)),
            `${key}.${name}: ${words}`,
          ).toEqual([]);
          if (name === 'invalidPeople' || name === 'tooManyBuzzes') expect(words, `${key}.${name}`).toContain('{who}');
        }
      }
    });
  }
});
