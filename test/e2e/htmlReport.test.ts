import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chromiumBinary, launchChromium, screenshotInk } from '../../dev/browser.js';
import { sysmonProcessCreate } from '../../dev/events/sysmon.js';
import type { Account, ProcessCreation } from '../../dev/events/windows.js';
import { writeEvtxFile } from '../../dev/evtxWriter/index.js';
import { sharedMissing, SHARED_DIR } from '../support/sharedData.js';
import { hunt, jsonLines } from './cli.js';

/**
 * The HTML report in a real headless Chromium (one launch for all the checks): it loads with no
 * console error and no request, its table holds the run's hits, the filters and the search work,
 * a screenshot shows something, and nothing a log or a rule file holds runs as script or markup.
 */

const BROWSER = chromiumBinary();
const CI = (process.env['CI'] ?? '') !== '' && process.env['CI'] !== 'false';
const NO_BROWSER = BROWSER === undefined && !CI ? 'no Chromium binary (apt-get install chromium, or set HUNT_CHROMIUM)' : undefined;
if (NO_BROWSER !== undefined) console.warn(`\n!!! ${NO_BROWSER}: the HTML report browser tests are SKIPPED !!!\n`);

/** What a page did that it must not: console errors, uncaught errors, dialogs, requests for anything but itself. */
interface PageMisdeeds {
  readonly errors: string[];
  readonly dialogs: string[];
  readonly requests: string[];
}

async function openReport(browser: Browser, file: string): Promise<{ page: Page; misdeeds: PageMisdeeds }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const misdeeds: PageMisdeeds = { errors: [], dialogs: [], requests: [] };
  const self = pathToFileURL(file).href;
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') misdeeds.errors.push(message.text());
  });
  page.on('pageerror', (error) => misdeeds.errors.push(String(error)));
  page.on('dialog', (dialog) => {
    misdeeds.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    if (request.url() !== self) misdeeds.requests.push(request.url());
  });
  await page.goto(self, { waitUntil: 'load' });
  return { page, misdeeds };
}

const visibleRows = (page: Page): Promise<number> => page.locator('#hit-table tbody tr:not([hidden])').count();

const ADMIN: Account = {
  name: 'adm',
  domain: 'CORP',
  sid: 'S-1-5-21-1-2-3-1001',
  logonId: 0x3e7n,
  logonGuid: '{00000000-0000-0000-0000-000000000001}',
};

/** Payloads in command lines (and the computer's name, and a rule title) that would run if the report did not escape them. */
const PAYLOADS = [
  'cmd.exe /c echo <script>window.__pwned=1;alert(1)</script>',
  'cmd.exe /c "\\"><img src=x onerror="window.__pwned=2;alert(2)">"',
  'javascript:window.__pwned=3;alert(3)',
  "cmd.exe '></td></tr></tbody></table><svg onload=alert(4)><iframe src=javascript:alert(5)>",
  'cmd.exe <!-- <style>body{display:none}</style> --> &lt;b&gt; &amp;',
];
const HOSTILE_COMPUTER = 'WS"><img src=x onerror=alert(6)>';
const HOSTILE_RULE = `title: <script>alert(7)</script> Hostile "title" <b>bold</b>
id: 5d1e6a4c-8f0b-4b8e-9a51-0c2f0c6c7e11
status: test
logsource:
  category: process_creation
  product: windows
detection:
  selection:
    CommandLine|contains:
      - 'alert('
      - '&amp;'
  condition: selection
level: high
`;

function hostileLog(dir: string): string {
  const path = join(dir, 'hostile.evtx');
  writeEvtxFile(
    path,
    PAYLOADS.map((commandLine, i) => {
      const time = new Date(Date.UTC(2024, 4, 1, 9, 0, i));
      const process: ProcessCreation = {
        processId: 2000 + i,
        processGuid: `{8F1A5C3E-0000-0000-0000-${String(2000 + i).padStart(12, '0')}}`,
        program: {
          image: 'C:\\Windows\\System32\\cmd.exe',
          originalFileName: 'Cmd.Exe',
          description: '-',
          product: '-',
          company: '-',
          fileVersion: '-',
        },
        account: ADMIN,
        commandLine,
        integrity: 'High',
        parent: {
          processId: 900,
          processGuid: '{8F1A5C3E-0000-0000-0000-000000000900}',
          image: 'C:\\Windows\\explorer.exe',
          commandLine: 'explorer.exe',
        },
      };
      return sysmonProcessCreate({ computer: HOSTILE_COMPUTER, timeCreated: time, utcTime: time }, process);
    }),
  );
  return path;
}

test('the HTML report in headless Chromium', { skip: NO_BROWSER }, async (t) => {
  assert.ok(BROWSER !== undefined, "CI is set, so a Chromium binary is required: .ci/run installs Debian's chromium");
  const dir = mkdtempSync(join(tmpdir(), 'hunt-html-'));
  const browser = await launchChromium(BROWSER);
  try {
    await t.test(
      'a real run: no console error, no request, the right rows, filters and search work, not blank',
      { skip: sharedMissing() },
      async () => {
        const corpus = join(SHARED_DIR, 'corpus/evtx-attack-samples');
        const args = [
          join(corpus, 'Lateral Movement'),
          join(corpus, 'Execution'),
          '-r',
          join(SHARED_DIR, 'corpus/sigma/rules/windows'),
          '-r',
          join(SHARED_DIR, 'corpus/elastic-detection-rules/rules/windows'),
        ];
        const hits = jsonLines<{ rule: { title: string; level: string }; computer: string | null }>(hunt([...args, '-f', 'jsonl']).stdout);
        const report = join(dir, 'report.html');
        const run = hunt([...args, '-f', 'html', '-o', report]);
        assert.equal(run.status, 0, run.stderr);
        const html = readFileSync(report, 'utf8');
        assert.ok(!/\b(?:src|href)=["']?(?:https?:)?\/\//i.test(html), 'nothing to fetch');
        const { page, misdeeds } = await openReport(browser, report);
        assert.deepEqual(misdeeds, { errors: [], dialogs: [], requests: [] });
        assert.equal(await page.locator('#hit-table tbody tr').count(), hits.length);
        assert.equal(await page.locator('#shown').textContent(), `${hits.length} of ${hits.length} hits shown`);
        assert.equal((await page.locator('#chart rect').count()) > 0, true, 'the chart has bars');
        assert.match((await page.locator('#summary').textContent()) ?? '', new RegExp(`${hits.length} total`));

        const high = hits.filter((h) => h.rule.level === 'high').length;
        assert.ok(high > 0 && high < hits.length);
        await page.selectOption('#filter-level', 'high');
        assert.equal(await visibleRows(page), high);
        const levels = await page
          .locator('#hit-table tbody tr:not([hidden])')
          .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset['level']));
        assert.ok(levels.every((level) => level === 'high'));
        await page.selectOption('#filter-level', '');

        const rule = hits[0]!.rule.title;
        await page.selectOption('#filter-rule', rule);
        assert.equal(await visibleRows(page), hits.filter((h) => h.rule.title === rule).length);
        await page.selectOption('#filter-rule', '');

        const host = hits.find((h) => h.computer !== null)!.computer!;
        await page.selectOption('#filter-host', host);
        assert.equal(await visibleRows(page), hits.filter((h) => h.computer === host).length);
        await page.selectOption('#filter-host', '');

        await page.fill('#filter-search', 'RUNDLL32');
        const matching = await page
          .locator('#hit-table tbody tr')
          .evaluateAll((rows) => rows.filter((row) => (row.textContent ?? '').toLowerCase().includes('rundll32')).length);
        assert.ok(matching > 0 && matching < hits.length, `${matching} rows mention rundll32`);
        assert.equal(await visibleRows(page), matching);
        await page.fill('#filter-search', '');
        assert.equal(await visibleRows(page), hits.length);

        const ink = await screenshotInk(browser, await page.screenshot());
        assert.ok(ink.inked > 0.03 && ink.colours > 8, `screenshot: ${JSON.stringify(ink)}`);
        assert.deepEqual(misdeeds, { errors: [], dialogs: [], requests: [] });
        await page.close();
      },
    );

    await t.test('strings from a log and a rule file are text: no script runs, no element is injected', async () => {
      const rule = join(dir, 'hostile.yml');
      writeFileSync(rule, HOSTILE_RULE);
      const report = join(dir, 'hostile.html');
      const run = hunt([hostileLog(dir), '-r', rule, '-f', 'html', '-o', report]);
      assert.equal(run.status, 0, run.stderr);
      const { page, misdeeds } = await openReport(browser, report);
      await page.fill('#filter-search', 'alert');
      await page.selectOption('#filter-host', HOSTILE_COMPUTER);
      await page.locator('details.rule summary').first().click();
      assert.deepEqual(misdeeds, { errors: [], dialogs: [], requests: [] });
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
      const counts = await page.evaluate(() => ({
        img: document.querySelectorAll('img').length,
        script: document.querySelectorAll('script').length,
        iframe: document.querySelectorAll('iframe').length,
        svg: document.querySelectorAll('svg').length,
        b: document.querySelectorAll('b').length,
        style: document.querySelectorAll('style').length,
        onload: document.querySelectorAll('[onload], [onerror]').length,
        tables: document.querySelectorAll('table').length,
      }));
      // The report's own: one script, one style sheet, the chart, the hits' and the levels' tables.
      assert.deepEqual(counts, { img: 0, script: 1, iframe: 0, svg: 1, b: 0, style: 1, onload: 0, tables: 2 });
      assert.equal(await page.locator('#hit-table tbody tr').count(), PAYLOADS.length);
      const cells = await page.locator('#hit-table tbody').textContent();
      for (const payload of [...PAYLOADS, HOSTILE_COMPUTER, '<script>alert(7)</script> Hostile "title" <b>bold</b>']) {
        assert.ok(cells!.includes(payload), `shown as text: ${payload}`);
      }
      assert.ok(
        await page.locator('#filter-rule option', { hasText: '<script>alert(7)</script>' }).count(),
        'the rule filter lists the title as text',
      );
      await page.close();
    });
  } finally {
    await browser.close();
  }
});
