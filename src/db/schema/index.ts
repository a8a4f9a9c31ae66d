export * from './teams';
export * from './inbound';
export * from './outbox';
export * from './jobs';
export * from './duty';
export * from './anomalies';
