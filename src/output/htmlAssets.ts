/**
 * The HTML report's style sheet and script, fixed text: the report's Content-Security-Policy allows
 * exactly these two (by their SHA-256) and nothing else, so no script or style a log smuggled into
 * the page could run even if it escaped the escaping, and the page fetches nothing.
 */
import { createHash } from 'node:crypto';

export const REPORT_STYLE = `
:root { --critical: #9c1c1c; --high: #d9480f; --medium: #e8a100; --low: #1c6fb8; --informational: #6b7b86; }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; padding: 16px 24px; color: #1d2329; background: #fff;
  display: flex; flex-direction: column; gap: 16px; }
#top { order: 0; } #summary { order: 1; } #timeline { order: 2; } #by-level { order: 3; } #filters { order: 4; } #hits { order: 5; }
h1 { font-size: 22px; margin: 0; } h2 { font-size: 17px; margin: 0 0 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #d5dbe0; padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #eef2f5; }
#hit-table td { overflow-wrap: anywhere; }
#hit-table td.time { white-space: nowrap; }
.level { font-weight: 600; white-space: nowrap; }
.level-critical { color: var(--critical); } .level-high { color: var(--high); } .level-medium { color: #a06b00; }
.level-low { color: var(--low); } .level-informational { color: var(--informational); }
rect.level-critical, .swatch.level-critical { fill: var(--critical); background: var(--critical); }
rect.level-high, .swatch.level-high { fill: var(--high); background: var(--high); }
rect.level-medium, .swatch.level-medium { fill: var(--medium); background: var(--medium); }
rect.level-low, .swatch.level-low { fill: var(--low); background: var(--low); }
rect.level-informational, .swatch.level-informational { fill: var(--informational); background: var(--informational); }
.swatch { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 12px; }
dl.details { margin: 0; display: grid; grid-template-columns: max-content 1fr; column-gap: 8px; }
dl.details dt { font-weight: 600; color: #4a5561; } dl.details dd { margin: 0; white-space: pre-wrap; }
ol.events { margin: 4px 0 0; padding-left: 20px; } ol.events li { margin-bottom: 4px; }
.where { color: #4a5561; font-size: 12px; }
details.rule summary { cursor: pointer; color: #4a5561; font-size: 12px; }
#filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; position: sticky; top: 0; background: #fff;
  padding: 8px 0; border-bottom: 1px solid #d5dbe0; }
#filters label { display: flex; gap: 4px; align-items: center; }
#filters select, #filters input { font: inherit; max-width: 320px; }
.facts { display: grid; grid-template-columns: max-content 1fr; column-gap: 12px; margin: 0 0 8px; }
.facts dt { font-weight: 600; } .facts dd { margin: 0; }
svg text { font: 11px system-ui, sans-serif; fill: #4a5561; }
svg line.axis { stroke: #9aa5ae; }
.warning { color: #8a4b00; }
`;

export const REPORT_SCRIPT = `
(() => {
  const rows = Array.from(document.querySelectorAll('#hit-table tbody tr'));
  const texts = rows.map((row) => row.textContent.toLowerCase());
  const level = document.getElementById('filter-level');
  const rule = document.getElementById('filter-rule');
  const host = document.getElementById('filter-host');
  const search = document.getElementById('filter-search');
  const shown = document.getElementById('shown');
  function apply() {
    const l = level.value, r = rule.value, h = host.value, q = search.value.trim().toLowerCase();
    let count = 0;
    rows.forEach((row, i) => {
      const keep = (l === '' || row.dataset.level === l) && (r === '' || row.dataset.rule === r) &&
        (h === '' || row.dataset.host === h) && (q === '' || texts[i].includes(q));
      row.hidden = !keep;
      if (keep) count++;
    });
    shown.textContent = count + ' of ' + rows.length + ' hits shown';
  }
  for (const control of [level, rule, host]) control.addEventListener('change', apply);
  search.addEventListener('input', apply);
  apply();
})();
`;

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Nothing from the network or anywhere else; only the report's own style sheet and script. */
export function reportContentSecurityPolicy(): string {
  return `default-src 'none'; style-src ${sha256(REPORT_STYLE)}; script-src ${sha256(REPORT_SCRIPT)}; img-src 'none'; form-action 'none'; base-uri 'none'`;
}
