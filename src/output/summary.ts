import { RULE_LEVELS, type RuleLevel, type RuleMeta } from '../rules/types.js';
import { terminalSafe } from './sanitize.js';

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
    rulesLoaded: 0,
    rulesSkipped: 0,
    hits: 0,
    hitsByRule: new Map(),
    problems: 0,
    warnings: [],
    seconds: 0,
  };
}

function hitsByLevel(summary: HuntSummary): Map<RuleLevel, number> {
  const counts = new Map<RuleLevel, number>();
  for (const { rule, count } of summary.hitsByRule.values()) counts.set(rule.level, (counts.get(rule.level) ?? 0) + count);
  return counts;
}

/** The human-readable closing lines (stderr for machine formats, after the table otherwise). */
export function formatSummary(summary: HuntSummary): string {
  const mb = (summary.bytes / 1048576).toFixed(1);
  const lines = [
    `Read ${summary.files} file(s), ${mb} MB, ${summary.records} records in ${summary.seconds.toFixed(1)} s` +
      (summary.unreadableFiles.length > 0 ? ` (${summary.unreadableFiles.length} unreadable)` : ''),
    `Checked ${summary.eventsChecked} events (${summary.processEvents} process creations) with ${summary.rulesLoaded} rules` +
      (summary.rulesSkipped > 0 ? ` (${summary.rulesSkipped} skipped)` : ''),
  ];
  const byLevel = hitsByLevel(summary);
  const levelText = RULE_LEVELS.filter((l) => byLevel.has(l)).map((l) => `${l} ${byLevel.get(l)}`).join(', ');
  lines.push(`${summary.hits} hit(s)` + (levelText ? `: ${levelText}` : ''));
  const rules = [...summary.hitsByRule.values()].sort(
    (a, b) => RULE_LEVELS.indexOf(a.rule.level) - RULE_LEVELS.indexOf(b.rule.level) || b.count - a.count,
  );
  for (const { rule, count } of rules) lines.push(`  ${String(count).padStart(6)}  [${rule.level}] ${rule.title} (${rule.source})`);
  if (summary.problems > 0) lines.push(`${summary.problems} problem(s) reading files: see the messages above`);
  for (const warning of summary.warnings) lines.push(`warning: ${warning}`);
  // Titles and paths come from rule files and folder names: not trusted either.
  return lines.map(terminalSafe).join('\n') + '\n';
}
