import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Hit } from '../../src/hunt/hit.js';
import { DetectionTally, emptySummary } from '../../src/hunt/summary.js';
import { escapeHtml, HtmlReport } from '../../src/output/html.js';
import { REPORT_SCRIPT, REPORT_STYLE, reportContentSecurityPolicy } from '../../src/output/htmlAssets.js';

/** The page's text for `hits`, as the HTML writer writes it (start, rows, end with the summary). */
function page(hits: readonly Hit[]): string {
  const report = new HtmlReport();
  const tally = new DetectionTally();
  let html = report.start();
  for (const hit of hits) {
    tally.write(hit);
    html += report.row(hit);
  }
  return html + report.end({ summary: { ...emptySummary(), hits: hits.length }, detections: tally.summary() });
}

function hit(timestamp: string, commandLine: string, computer = 'WS01'): Hit {
  return {
    rule: { id: 'r', title: 'T <i>x</i>', level: 'high', source: 'sigma', file: 'r.yml', tags: [], references: [], falsepositives: [] },
    file: 'a"b.evtx',
    recordId: 1,
    recovered: false,
    timestamp,
    eventId: 1,
    channel: 'Microsoft-Windows-Sysmon/Operational',
    computer,
    process: undefined,
    details: [['CommandLine', commandLine]],
    eventData: {},
  };
}

test('escapeHtml leaves no character that could end a text or a quoted attribute', () => {
  assert.equal(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`), '&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;amp;&#60;/a&#62;');
});

test('markup in a log, a rule title, a computer or a path reaches the page as text only', () => {
  const html = page([hit('2024-01-01T00:00:00Z', '<script>alert(1)</script> "><img src=x onerror=alert(2)>', '"><svg onload=alert(3)>')]);
  assert.equal((html.match(/<script/g) ?? []).length, 1, 'only the report script');
  assert.equal((html.match(/<svg/g) ?? []).length, 1, 'only the chart');
  assert.doesNotMatch(html, /<img|<i>/);
  assert.ok(html.includes('&#60;script&#62;alert(1)&#60;/script&#62;'));
  assert.ok(html.includes('data-host="&#34;&#62;&#60;svg onload=alert(3)&#62;"'));
});

test("the Content-Security-Policy allows exactly the report's own style sheet and script, and no fetch", () => {
  const csp = reportContentSecurityPolicy();
  assert.match(csp, /^default-src 'none'; /);
  assert.equal((csp.match(/'sha256-[A-Za-z0-9+/=]+'/g) ?? []).length, 2);
  const html = page([]);
  assert.ok(html.includes(`<style>${REPORT_STYLE}</style>`) && html.includes(`<script>${REPORT_SCRIPT}</script>`));
  assert.ok(html.includes('No detections.'));
  assert.ok(html.trimEnd().endsWith('</html>'));
});

test('the chart counts per minute over three hours at most, per hour over two days, then per day, month or year', () => {
  const bars = (html: string) => [...html.matchAll(/<g><title>([^<]*)<\/title>/g)].map((m) => m[1]);
  const minutes = page([hit('2024-01-01T10:05:00Z', 'a'), hit('2024-01-01T10:05:40Z', 'b'), hit('2024-01-01T10:08:00Z', 'c')]);
  assert.match(minutes, /Detections per minute/);
  assert.deepEqual(bars(minutes), ['2024-01-01T10:05: high 2', '2024-01-01T10:08: high 1']);
  assert.match(minutes, />2024-01-01 10:05<\/text>/);
  const hours = page([hit('2024-01-01T10:05:00Z', 'a'), hit('2024-01-01T10:59:00Z', 'b'), hit('2024-01-01T14:00:00Z', 'c')]);
  assert.match(hours, /Detections per hour/);
  assert.deepEqual(bars(hours), ['2024-01-01T10: high 2', '2024-01-01T14: high 1']);
  assert.match(hours, />2024-01-01 10:00<\/text>/);
  assert.deepEqual(bars(page([hit('2024-01-01T10:00:00Z', 'a'), hit('2024-01-05T10:00:00Z', 'b')])), [
    '2024-01-01: high 1',
    '2024-01-05: high 1',
  ]);
  assert.match(page([hit('2024-01-01T10:00:00Z', 'a'), hit('2024-09-05T10:00:00Z', 'b')]), /Detections per month/);
  // A carved record's bogus 1601 time: years, only those with detections beyond 400 bars.
  const farApart = page([hit('1601-01-01T00:00:00Z', 'a'), hit('2024-01-05T10:00:00Z', 'b')]);
  assert.match(farApart, /Detections per year/);
  assert.deepEqual(bars(farApart), ['1601: high 1', '2024: high 1']);
});
