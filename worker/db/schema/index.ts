export * from './audit';
export * from './auth';
export * from './ballots';
export * from './bench';
export * from './dashboards';
export * from './forms';
export * from './org';
export * from './responses';
