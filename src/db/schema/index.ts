// Core tables only. Each feature keeps its tables in src/features/<name>/schema.ts (drizzle.config.ts
// reads both): db never imports a feature.
export * from './teams';
export * from './inbound';
export * from './outbox';
export * from './jobs';
export * from './schedules';
export * from './api-tokens';
export * from './audit';
export * from './outbox-files';
