/**
 * Ctrl-C (SIGINT) and SIGTERM during a hunt: the run stops at the next point where a range of a log
 * has been written whole, so the output can be closed as valid (a JSON array's `]`, the table's
 * bottom line) and the summary so far said. Exit status 128 + the signal's number, as shells report it.
 */
import { constants } from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
export type StopSignal = (typeof SIGNALS)[number];

/** Thrown from the hunt's progress callback once a signal came: ends the run where it is. */
export class InterruptedError extends Error {
  constructor(readonly signal: StopSignal) {
    super(`interrupted by ${signal}`);
  }

  /** 130 for SIGINT, 143 for SIGTERM. */
  get exitStatus(): number {
    return 128 + constants.signals[this.signal];
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
        if (this.received !== undefined) process.exit(128 + constants.signals[signal]);
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
