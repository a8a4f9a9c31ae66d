export * from './teams';
export * from './inbound';
export * from './outbox';
export * from './jobs';
