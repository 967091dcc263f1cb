/**
 * docs/report.png, the README's picture of the HTML report: the bundled rules on the samples,
 * `hunt samples/ -f html`, in headless Chromium (dev/browser.ts). Run after `npm run build`:
 * `node dist/scripts/reportScreenshot.js`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromiumBinary, launchChromium } from '../dev/browser.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const binary = chromiumBinary();
if (binary === undefined) {
  console.error('reportScreenshot: no Chromium binary (apt-get install chromium, or set HUNT_CHROMIUM)');
  process.exit(2);
}
const report = join(mkdtempSync(join(tmpdir(), 'hunt-report-')), 'report.html');
const run = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), 'samples/', '-f', 'html', '-o', report, '--force'], {
  cwd: ROOT,
  encoding: 'utf8',
});
if (run.status !== 0) {
  console.error(run.stderr);
  process.exit(2);
}
const browser = await launchChromium(binary);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  await page.goto(pathToFileURL(report).href);
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  writeFileSync(join(ROOT, 'docs/report.png'), await page.screenshot());
} finally {
  await browser.close();
}
console.log('wrote docs/report.png');
