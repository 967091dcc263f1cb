import type { EventSchema } from '../model/schema.js';

/** Security and System events other than 4688 (schemas/process.ts), as Elastic's Security and System pipelines present them. */
export const WINDOWS_SCHEMAS: readonly EventSchema[] = [];
