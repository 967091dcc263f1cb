import { setFlagsFromString } from 'node:v8';

/**
 * How far (percent) V8 lets a heap grow past what its last full collection kept, for every thread
 * of the process. By default V8 picks up to 300% when collecting is cheap, which it is for a hunt:
 * 40-75 MB live (rules, the events sequences may join) under a steady stream of short-lived record
 * data, so the heap grew to 3-4 times its live size before a full collection came. Measured on the
 * 500 MB benchmark file with every SigmaHQ and Elastic Windows rule (npm run bench): peak RSS 359 to
 * 274 MB on one thread, 505-516 to 431-440 MB on two, wall time within the runs' noise (CPU +9%).
 */
const HEAP_GROWING_PERCENT = 50;

/** Sets the process's heap growth; call before starting worker threads and before the heavy work. */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
