/**
 * The HTML report: one self-contained file (its style sheet, script and chart inline, nothing
 * fetched) with the summary, detections over time per level as an SVG chart, and the hits as a
 * table that filters by level, rule and host and searches. Written as the hits come: the head and
 * each row at once, the summary, chart and filters (which CSS shows first) after the last hit, so a
 * big run costs no more memory than the other formats. Every string from a log, a rule or a path is
 * escaped, and the Content-Security-Policy runs only the report's own script.
 */
import type { Hit, HitEvent } from '../hunt/hit.js';
import { NO_COMPUTER, type DetectionSummary, type HuntSummary, type PeriodCounts, type Ranked } from '../hunt/summary.js';
import { RULE_LEVELS, type RuleLevel } from '../rules/types.js';
import { REPORT_SCRIPT, REPORT_STYLE, reportContentSecurityPolicy } from './htmlAssets.js';
import { shortTime } from './summary.js';

/** Text for HTML content and attribute values (quoted): the five characters that could end either. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** What the report's end shows besides the hits. */
export interface HtmlReportSummary {
  readonly summary: HuntSummary;
  readonly detections: DetectionSummary;
}

function detailsList(details: HitEvent['details']): string {
  if (details.length === 0) return '';
  return (
    '<dl class="details">' +
    details.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join('') +
    '</dl>'
  );
}

function where(event: Pick<HitEvent, 'file' | 'recordId' | 'recovered' | 'channel' | 'eventId'>): string {
  return escapeHtml(`${event.channel} ${event.eventId}, record ${event.recordId}${event.recovered ? ' (carved)' : ''}, ${event.file}`);
}

/** One hit's row: data-* attributes for the filters, and everything the hit says. */
function hitRow(hit: Hit): string {
  const { rule } = hit;
  const host = hit.computer || NO_COMPUTER;
  const events =
    hit.events === undefined
      ? detailsList(hit.details)
      : '<ol class="events">' +
        hit.events
          .map(
            (event) =>
              `<li><span class="where">${escapeHtml(shortTime(event.timestamp))} · ${escapeHtml(event.computer ?? '')} · ${where(event)}</span>${detailsList(event.details)}</li>`,
          )
          .join('') +
        '</ol>';
  const alsoIn = (hit.alsoIn ?? []).map((file) => `<br>also in ${escapeHtml(file)}`).join('');
  const ruleFacts = [
    `${rule.source === 'eql' ? 'Elastic EQL' : 'Sigma'} rule ${rule.id}`,
    rule.file,
    ...(rule.tags.length > 0 ? [rule.tags.join(', ')] : []),
    ...(rule.description === undefined ? [] : [rule.description]),
  ];
  return (
    `<tr data-level="${rule.level}" data-rule="${escapeHtml(rule.title)}" data-host="${escapeHtml(host)}">` +
    `<td class="time">${escapeHtml(shortTime(hit.timestamp))}</td>` +
    `<td>${escapeHtml(host)}</td>` +
    `<td>${escapeHtml(rule.title)}<details class="rule"><summary>rule</summary>${ruleFacts.map(escapeHtml).join('<br>')}</details></td>` +
    `<td class="level level-${rule.level}">${rule.level}</td>` +
    `<td>${events}</td>` +
    `<td class="where">${where(hit)}${alsoIn}</td>` +
    '</tr>\n'
  );
}

const rankedHtml = (entries: readonly Ranked<string>[]): string => entries.map((e) => `${escapeHtml(e.key)} (${e.total})`).join(', ');

function summaryHtml({ summary, detections }: HtmlReportSummary): string {
  const mb = (summary.bytes / 1048576).toFixed(1);
  const facts: [string, string][] = [
    [
      'Read',
      `${summary.files} file(s), ${mb} MB, ${summary.records} records in ${summary.seconds.toFixed(1)} s` +
        (summary.unreadableFiles.length > 0 ? `, ${summary.unreadableFiles.length} unreadable` : ''),
    ],
    ['Checked', `${summary.eventsChecked} events (${summary.processEvents} process creations) with ${summary.rulesLoaded} rules`],
    ['Detections', `${detections.total} total, ${detections.unique} unique rules`],
  ];
  if (detections.first !== undefined) facts.push(['First and last', `${shortTime(detections.first)} – ${shortTime(detections.last!)} UTC`]);
  if (detections.topComputers.length > 0)
    facts.push(['Computers with most detections', detections.topComputers.map((c) => `${c.key} (${c.total})`).join(', ')]);
  if (summary.problems > 0) facts.push(['Problems', `${summary.problems} problem(s) reading files`]);
  let html =
    '<section id="summary"><h2>Summary</h2><dl class="facts">' +
    facts.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join('') +
    '</dl>';
  const warnings = summary.warnings.map((warning) => `<li class="warning">${escapeHtml(warning)}</li>`).join('');
  // A few warnings in sight; many (a folder of logs without process starts) one click away.
  if (summary.warnings.length > 0 && summary.warnings.length <= 3) html += `<ul>${warnings}</ul>`;
  else if (summary.warnings.length > 3)
    html += `<details><summary>${summary.warnings.length} warnings</summary><ul>${warnings}</ul></details>`;
  html += '</section>\n<section id="by-level"><h2>Detections per level</h2>';
  if (detections.levels.length > 0) {
    html +=
      '<table id="levels"><thead><tr><th>Level</th><th>Total</th><th>Unique</th><th>Dates with most detections</th>' +
      '<th>Computers with most unique detections</th><th>Top rules</th></tr></thead><tbody>';
    for (const l of detections.levels) {
      html +=
        `<tr><td class="level level-${l.level}">${l.level}</td><td>${l.total}</td><td>${l.unique}</td><td>${rankedHtml(l.topDates)}</td>` +
        `<td>${l.topComputers.map((c) => `${escapeHtml(c.key)} (${c.unique} unique, ${c.total})`).join(', ')}</td>` +
        `<td>${l.topRules.map((r) => `${escapeHtml(r.key.title)} (${r.total})`).join('<br>')}</td></tr>`;
    }
    html += '</tbody></table>';
  } else {
    html += '<p>No detections.</p>';
  }
  return html + '</section>\n';
}

type Bucketing = 'minute' | 'hour' | 'day' | 'month' | 'year';
/** Beyond this many bars the chart shows only the periods with detections. */
const MAX_CONTINUOUS_BARS = 400;
/** Characters of a minute key (`YYYY-MM-DDTHH:MM`) each bucketing keeps. */
const KEY_LENGTH: Readonly<Record<Bucketing, number>> = { minute: 16, hour: 13, day: 10, month: 7, year: 4 };

const bucketKey = (period: string, by: Bucketing): string => period.slice(0, KEY_LENGTH[by]);

/** A period key's start as a date (`2024-03`, `2024-03-11T10`, ...). */
function periodStart(key: string): Date {
  const full = '0000-01-01T00:00';
  return new Date(`${key}${full.slice(key.length)}:00Z`);
}

/** Every period from `first` to `last`, or undefined when there would be more than MAX_CONTINUOUS_BARS. */
function periods(first: string, last: string, by: Bucketing): string[] | undefined {
  const keys: string[] = [];
  const at = periodStart(first);
  if (Number.isNaN(at.getTime())) return undefined;
  while (keys.length <= MAX_CONTINUOUS_BARS) {
    const key = bucketKey(at.toISOString(), by);
    keys.push(key);
    if (key >= last) return keys;
    if (by === 'minute') at.setUTCMinutes(at.getUTCMinutes() + 1);
    else if (by === 'hour') at.setUTCHours(at.getUTCHours() + 1);
    else if (by === 'day') at.setUTCDate(at.getUTCDate() + 1);
    else if (by === 'month') at.setUTCMonth(at.getUTCMonth() + 1);
    else at.setUTCFullYear(at.getUTCFullYear() + 1);
  }
  return undefined;
}

/** The periods the chart counts in: minutes for up to three hours, hours for up to two days, then days, months, years. */
function chartPeriods(detections: DetectionSummary): { series: readonly PeriodCounts[]; by: Bucketing } {
  const hours = detections.byHour;
  const span = (Date.parse(`${hours[hours.length - 1]!.period}:00:00Z`) - Date.parse(`${hours[0]!.period}:00:00Z`)) / 3_600_000;
  const minutes = detections.byMinute;
  if (minutes !== undefined && minutes.length > 0) {
    const minuteSpan = (periodStart(minutes[minutes.length - 1]!.period).getTime() - periodStart(minutes[0]!.period).getTime()) / 60_000;
    if (minuteSpan < 180) return { series: minutes, by: 'minute' };
  }
  const by: Bucketing = span < 48 ? 'hour' : span < 24 * 120 ? 'day' : span < 24 * 365 * 20 ? 'month' : 'year';
  return { series: hours, by };
}

/** Detections per period and level as stacked bars (chartPeriods says which periods). */
function chartHtml(detections: DetectionSummary): string {
  let svg = '';
  if (detections.byHour.length > 0) {
    const { series, by } = chartPeriods(detections);
    const first = series[0]!.period;
    const last = series[series.length - 1]!.period;
    const counts = new Map<string, Map<RuleLevel, number>>();
    for (const { period, counts: levels } of series) {
      const key = bucketKey(period, by);
      let bucket = counts.get(key);
      if (bucket === undefined) counts.set(key, (bucket = new Map()));
      for (const level of RULE_LEVELS) bucket.set(level, (bucket.get(level) ?? 0) + (levels[level] ?? 0));
    }
    const keys = periods(bucketKey(first, by), bucketKey(last, by), by) ?? [...counts.keys()].sort();
    const totals = keys.map((key) => [...(counts.get(key)?.values() ?? [])].reduce((a, b) => a + b, 0));
    const max = Math.max(1, ...totals);
    const width = 960,
      height = 200,
      left = 40,
      top = 10,
      bottom = 30;
    const plot = height - top - bottom;
    // A few periods get bars of a readable width, not the whole plot each.
    const barWidth = Math.min((width - left - 10) / keys.length, 60);
    const bars = keys
      .map((key, i) => {
        const bucket = counts.get(key);
        if (bucket === undefined) return '';
        let y = top + plot;
        const label = `${key}: ${RULE_LEVELS.filter((l) => (bucket.get(l) ?? 0) > 0)
          .map((l) => `${l} ${bucket.get(l)}`)
          .join(', ')}`;
        let rects = '';
        // Least severe at the bottom, most severe on top.
        for (const level of [...RULE_LEVELS].reverse()) {
          const count = bucket.get(level) ?? 0;
          if (count === 0) continue;
          const h = (count / max) * plot;
          y -= h;
          rects += `<rect class="level-${level}" x="${(left + i * barWidth + barWidth * 0.1).toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(barWidth * 0.8, 1).toFixed(1)}" height="${h.toFixed(1)}"></rect>`;
        }
        return `<g><title>${escapeHtml(label)}</title>${rects}</g>`;
      })
      .join('');
    // A label every few bars, each starting at its bar, far enough apart not to overlap.
    const labelEvery = Math.max(1, Math.ceil(120 / barWidth));
    const xLabels = keys
      .map((key, i) => {
        if (i % labelEvery !== 0) return '';
        const text = key.replace('T', ' ') + (by === 'hour' ? ':00' : '');
        return `<text x="${(left + i * barWidth).toFixed(1)}" y="${height - 10}">${escapeHtml(text)}</text>`;
      })
      .join('');
    svg =
      `<svg id="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="Detections per ${by} and level">` +
      `<line class="axis" x1="${left}" y1="${top + plot}" x2="${width - 10}" y2="${top + plot}"></line>` +
      `<line class="axis" x1="${left}" y1="${top}" x2="${left}" y2="${top + plot}"></line>` +
      `<text x="${left - 4}" y="${top + 10}" text-anchor="end">${max}</text><text x="${left - 4}" y="${top + plot}" text-anchor="end">0</text>` +
      bars +
      xLabels +
      '</svg>';
    svg = `<p>Detections per ${by} (UTC), by level:` + legend(detections) + '</p>' + svg;
  } else {
    svg = '<p>No detections.</p>';
  }
  return `<section id="timeline"><h2>Detections over time</h2>${svg}</section>\n`;
}

function legend(detections: DetectionSummary): string {
  return detections.levels.map((l) => `<span class="swatch level-${l.level}"></span>${l.level} (${l.total})`).join('');
}

function options(values: Iterable<string>, all: string): string {
  return `<option value="">${all}</option>` + [...values].map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(v)}</option>`).join('');
}

/** The report's text, piece by piece: `start()`, `row(hit)` per hit, `end(summary)`. */
export class HtmlReport {
  private readonly rules = new Set<string>();
  private readonly hosts = new Set<string>();
  private readonly levels = new Set<RuleLevel>();

  start(): string {
    return (
      '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
      `<meta http-equiv="Content-Security-Policy" content="${reportContentSecurityPolicy()}">` +
      '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">' +
      `<title>hunt report</title><style>${REPORT_STYLE}</style></head>\n<body>\n` +
      '<header id="top"><h1>hunt report</h1></header>\n' +
      '<section id="hits"><h2>Hits</h2><table id="hit-table"><thead><tr><th>Time (UTC)</th><th>Computer</th><th>Rule</th>' +
      '<th>Level</th><th>Details</th><th>Log</th></tr></thead><tbody>\n'
    );
  }

  /** Throws for a hit that cannot be formatted; nothing of it is kept then. */
  row(hit: Hit): string {
    const row = hitRow(hit);
    this.rules.add(hit.rule.title);
    this.hosts.add(hit.computer || NO_COMPUTER);
    this.levels.add(hit.rule.level);
    return row;
  }

  /** The rest of the page: the summary, the chart, the filters and the script. */
  end(report: HtmlReportSummary | undefined): string {
    const sorted = (values: Set<string>) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return (
      '</tbody></table></section>\n' +
      (report === undefined ? '' : summaryHtml(report) + chartHtml(report.detections)) +
      '<div id="filters" role="search">' +
      `<label>Level <select id="filter-level">${options(
        RULE_LEVELS.filter((l) => this.levels.has(l)),
        'all levels',
      )}</select></label>` +
      `<label>Rule <select id="filter-rule">${options(sorted(this.rules), 'all rules')}</select></label>` +
      `<label>Computer <select id="filter-host">${options(sorted(this.hosts), 'all computers')}</select></label>` +
      '<label>Search <input id="filter-search" type="search" placeholder="any text of a hit"></label>' +
      '<output id="shown"></output></div>\n' +
      `<script>${REPORT_SCRIPT}</script>\n</body></html>\n`
    );
  }
}
