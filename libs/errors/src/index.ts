export * from './claimtrail-error';
