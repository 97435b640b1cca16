export * from './audit';
export * from './auth';
export * from './bench';
export * from './forms';
export * from './org';
export * from './responses';
