export * from './claimtrail-error';
export { isDependencyOutage } from './dependency-outage';
