export * from './config';
export * from './csv';
export * from './errors';
export * from './http-errors';
export * from './listen';
export * from './logger';
export * from './outcome';
export * from './tracing';
