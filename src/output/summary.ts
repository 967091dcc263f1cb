import type { DetectionSummary, HuntSummary, LevelDetections, Ranked } from '../hunt/summary.js';
import { RULE_LEVELS, type RuleLevel } from '../rules/types.js';
import { terminalSafe } from './sanitize.js';

function hitsByLevel(summary: HuntSummary): Map<RuleLevel, number> {
  const counts = new Map<RuleLevel, number>();
  for (const { rule, count } of summary.hitsByRule.values()) counts.set(rule.level, (counts.get(rule.level) ?? 0) + count);
  return counts;
}

/** `2024-03-11T10:43:56.1234567Z` as `2024-03-11 10:43:56`, as the table shows times. */
export function shortTime(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((part / whole) * 100).toFixed(1)}%`;
}

const rankedText = (entries: readonly Ranked<string>[]): string => entries.map((e) => `${e.key} (${e.total})`).join(', ');

/**
 * The detection facts as Hayabusa's results summary gives them: the time span of the detections,
 * total and unique detections per level, the dates and computers with most detections per level, and
 * the top rules of each level.
 */
function detectionLines(detections: DetectionSummary): string[] {
  if (detections.total === 0) return [];
  const lines = [
    `Detections from ${shortTime(detections.first!)} to ${shortTime(detections.last!)} UTC: ${detections.total} total, ${detections.unique} unique`,
  ];
  const width = Math.max(...detections.levels.map((l) => l.level.length));
  for (const l of detections.levels) {
    lines.push(
      `  ${l.level.padEnd(width)}  ${String(l.total).padStart(6)} (${percent(l.total, detections.total)}) | ${l.unique} unique (${percent(l.unique, detections.unique)})`,
    );
  }
  lines.push('Dates with most detections:');
  for (const l of detections.levels) lines.push(`  ${l.level.padEnd(width)}  ${rankedText(l.topDates)}`);
  lines.push('Computers with most detections: ' + rankedText(detections.topComputers));
  lines.push('Computers with most unique detections:');
  for (const l of detections.levels) {
    lines.push(`  ${l.level.padEnd(width)}  ${l.topComputers.map((c) => `${c.key} (${c.unique} unique, ${c.total})`).join(', ')}`);
  }
  return lines;
}

function topRuleLines(level: LevelDetections): string[] {
  const lines = level.topRules.map(
    ({ key: rule, total }) => `  ${String(total).padStart(6)}  [${rule.level}] ${rule.title} (${rule.source})`,
  );
  const more = level.unique - level.topRules.length;
  if (more > 0) lines.push(`          ... and ${more} more ${level.level} rule(s)`);
  return lines;
}

/** `17 hit(s): medium 12, low 5` (untrusted titles are not in it). */
export function hitCountLine(summary: HuntSummary): string {
  const byLevel = hitsByLevel(summary);
  const levelText = RULE_LEVELS.filter((l) => byLevel.has(l))
    .map((l) => `${l} ${byLevel.get(l)}`)
    .join(', ');
  return `${summary.hits} hit(s)` + (levelText ? `: ${levelText}` : '');
}

/** A line per rule that fired, by level, then most hits first; terminal-safe. */
export function ruleCountLines(summary: HuntSummary): string[] {
  return [...summary.hitsByRule.values()]
    .sort((a, b) => RULE_LEVELS.indexOf(a.rule.level) - RULE_LEVELS.indexOf(b.rule.level) || b.count - a.count)
    .map(({ rule, count }) => terminalSafe(`  ${String(count).padStart(6)}  [${rule.level}] ${rule.title} (${rule.source})`));
}

/**
 * The human-readable closing lines (stderr for machine formats, after the table otherwise). With the
 * detection summary (what the output holds), the top rules of each level and the detection facts;
 * every rule's count without it, or with `everyRule` (--verbose).
 */
export function formatSummary(summary: HuntSummary, detections?: DetectionSummary, everyRule = false): string {
  const mb = (summary.bytes / 1048576).toFixed(1);
  const lines = [
    `Read ${summary.files} file(s), ${mb} MB, ${summary.records} records in ${summary.seconds.toFixed(1)} s` +
      (summary.unreadableFiles.length > 0 ? ` (${summary.unreadableFiles.length} unreadable)` : ''),
    `Checked ${summary.eventsChecked} events (${summary.processEvents} process creations) with ${summary.rulesLoaded} rules` +
      (summary.rulesSkipped > 0 ? ` (${summary.rulesSkipped} skipped)` : ''),
  ];
  lines.push(hitCountLine(summary));
  if (summary.duplicates > 0) {
    lines.push(
      `${summary.duplicates} duplicate hit(s) not repeated: the same event again (another copy of a log, a chunk held twice) or a carved copy of a live record`,
    );
  }
  if (detections === undefined || everyRule) lines.push(...ruleCountLines(summary));
  else {
    for (const level of detections.levels) lines.push(...topRuleLines(level));
  }
  if (detections !== undefined) lines.push(...detectionLines(detections));
  if (summary.problems > 0) lines.push(`${summary.problems} problem(s) reading files: see the messages above`);
  for (const warning of summary.warnings) lines.push(`warning: ${warning}`);
  // Titles, paths and computer names come from rule files, folder names and logs: not trusted either.
  return lines.map(terminalSafe).join('\n') + '\n';
}
