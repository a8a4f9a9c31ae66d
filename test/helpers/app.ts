import { commands } from '../../commands';
import { jobs } from '../../jobs';
import { features } from '../../src/app';
import { defineApp, type App } from '../../src/core/app-def';
import type { FeatureDef } from '../../src/core/feature';

/** The real app with test-only features added (a probe listener, a guard over a test table). */
export const appWith = (...extra: FeatureDef[]): App =>
  defineApp({ features: [...features, ...extra], commands, jobs });
