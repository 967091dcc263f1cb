import type { HuntSummary } from '../hunt/summary.js';
import { RULE_LEVELS, type RuleLevel } from '../rules/types.js';
import { terminalSafe } from './sanitize.js';

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
  const levelText = RULE_LEVELS.filter((l) => byLevel.has(l))
    .map((l) => `${l} ${byLevel.get(l)}`)
    .join(', ');
  lines.push(`${summary.hits} hit(s)` + (levelText ? `: ${levelText}` : ''));
  if (summary.duplicates > 0) {
    lines.push(
      `${summary.duplicates} duplicate hit(s) not repeated: the same event again (another copy of a log, a chunk held twice) or a carved copy of a live record`,
    );
  }
  const rules = [...summary.hitsByRule.values()].sort(
    (a, b) => RULE_LEVELS.indexOf(a.rule.level) - RULE_LEVELS.indexOf(b.rule.level) || b.count - a.count,
  );
  for (const { rule, count } of rules) lines.push(`  ${String(count).padStart(6)}  [${rule.level}] ${rule.title} (${rule.source})`);
  if (summary.problems > 0) lines.push(`${summary.problems} problem(s) reading files: see the messages above`);
  for (const warning of summary.warnings) lines.push(`warning: ${warning}`);
  // Titles and paths come from rule files and folder names: not trusted either.
  return lines.map(terminalSafe).join('\n') + '\n';
}
