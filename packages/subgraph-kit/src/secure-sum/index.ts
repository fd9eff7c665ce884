export * from './masks';
export * from './parties';
export * from './rule';
export * from './secrets';
