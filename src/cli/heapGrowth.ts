import { getHeapStatistics, setFlagsFromString } from 'node:v8';

/**
 * How far (percent) V8 lets a heap grow past what its last full collection kept, once limited. By
 * default V8 picks up to 300% when collecting is cheap, which it is for a hunt with thousands of
 * rules and sequences: 40-75 MB live (rules, the events the sequences may join, kept to the end)
 * under a steady stream of short-lived record data, so the heap grew to 3-4 times its live size
 * before a full collection came. Measured on the 500 MB benchmark file with every SigmaHQ and Elastic
 * Windows rule: peak RSS 359 to 274-285 MB on one thread, 505-516 to 429-438 MB on two, wall time
 * within the runs' noise (CPU +9%).
 */
const HEAP_GROWING_PERCENT = 50;

/**
 * Heap in use past which growth is limited in any run. A small heap is left to V8: limited, it
 * collects ever more often for a few MB (the bundled rules took 1.3x the time, process_creation's
 * 1.1x, for no less memory).
 */
const LIMITED_ABOVE_BYTES = 128 * 1024 * 1024;

/** When to limit the process's heap growth (for every thread: V8's flags are the process's). */
export class HeapGrowthLimit {
  private limited = false;

  /** From now on: a run that keeps events to its end (sequences, correlations) holds a large heap. */
  limit(): void {
    if (this.limited) return;
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    this.limited = true;
  }

  /** Once this thread's heap is past LIMITED_ABOVE_BYTES; call now and then (as ranges are written): cheap. */
  check(): void {
    if (!this.limited && getHeapStatistics().used_heap_size >= LIMITED_ABOVE_BYTES) this.limit();
  }
}
