import type { EventSchema } from '../model/schema.js';

/** Sysmon events other than process starts (schemas/process.ts), as Elastic's Sysmon pipeline presents them. */
export const SYSMON_SCHEMAS: readonly EventSchema[] = [];
