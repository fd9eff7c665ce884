export * from './cbs';
export * from './random';
export * from './split';
export * from './world';
export * from './area-codes';
