export * from './area-contract';
export * from './areas';
export * from './digests';
export * from './partners';
export * from './request-context';
export * from './signature';
