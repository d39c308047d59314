export { createWpsHost, type WpsHostOptions } from './wps-host';
export type { WpsApplication } from './compat';
