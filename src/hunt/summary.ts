import type { RuleMeta } from '../rules/types.js';

/** What one hunt run read and found; the closing summary of every output format. */
export interface HuntSummary {
  files: number;
  unreadableFiles: string[];
  bytes: number;
  records: number;
  /** Sysmon 1 and Security 4688 records. */
  processEvents: number;
  /** Records that at least one rule looked at. */
  eventsChecked: number;
  /** Records the event filter (--from, --to, --event-id, --computer) left out. */
  eventsFilteredOut: number;
  rulesLoaded: number;
  rulesSkipped: number;
  hits: number;
  /** Keyed by `source:id`. */
  hitsByRule: Map<string, { rule: RuleMeta; count: number }>;
  problems: number;
  warnings: string[];
  seconds: number;
}

export function emptySummary(): HuntSummary {
  return {
    files: 0,
    unreadableFiles: [],
    bytes: 0,
    records: 0,
    processEvents: 0,
    eventsChecked: 0,
    eventsFilteredOut: 0,
    rulesLoaded: 0,
    rulesSkipped: 0,
    hits: 0,
    hitsByRule: new Map(),
    problems: 0,
    warnings: [],
    seconds: 0,
  };
}
