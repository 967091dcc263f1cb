/**
 * Ctrl-C (SIGINT) and SIGTERM during a hunt: the run stops at the next point where a range of a log
 * has been written whole, so the output can be closed as valid (a JSON array's `]`, the table's
 * bottom line) and the summary so far said. Exit status 128 + the signal's number, as shells report it.
 */
import { constants } from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/** 128 + SIGINT's number, as shells report Ctrl-C. */
const EXIT_INTERRUPTED = 128 + constants.signals.SIGINT;
export type StopSignal = (typeof SIGNALS)[number];

/** Thrown from the hunt's progress callback once a signal came: ends the run where it is. */
export class InterruptedError extends Error {
  constructor(readonly signal: StopSignal) {
    super(`interrupted by ${signal}`);
  }

  /** 130 for either signal: one status says "interrupted", whichever way the run was stopped. */
  get exitStatus(): number {
    return EXIT_INTERRUPTED;
  }
}

/** Listens for the signals from `listen()` until `stop()`; `check()` throws once one came. */
export class Interruption {
  private received: StopSignal | undefined;
  private readonly handlers = new Map<StopSignal, () => void>();

  listen(): void {
    for (const signal of SIGNALS) {
      const handler = (): void => {
        // A second signal: the user means it, stop at once.
        if (this.received !== undefined) process.exit(EXIT_INTERRUPTED);
        this.received = signal;
      };
      this.handlers.set(signal, handler);
      process.on(signal, handler);
    }
  }

  /** The signal that came, if one did. */
  get signal(): StopSignal | undefined {
    return this.received;
  }

  check(): void {
    if (this.received !== undefined) throw new InterruptedError(this.received);
  }

  stop(): void {
    for (const [signal, handler] of this.handlers) process.off(signal, handler);
    this.handlers.clear();
  }
}
