/**
 * Headless Chromium for the HTML report's tests and its screenshot: Debian's `chromium` (what
 * .ci/run installs), driven by playwright-core, which downloads no browser of its own.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where a Chromium binary may be: $HUNT_CHROMIUM first, then Debian's and other distributions' names. */
const CANDIDATES: readonly string[] = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env['HUNT_CHROMIUM'];
  if (chosen !== undefined && chosen !== '') return existsSync(chosen) ? chosen : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/** One headless browser; the sandbox is off because CI runs as root, where Chromium refuses it. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}

/**
 * How much of a screenshot is drawn: the share of pixels that differ from its top-left pixel and
 * how many distinct colours it has, decoded in the browser itself (no PNG decoder needed here).
 */
export async function screenshotInk(browser: Browser, png: Buffer): Promise<{ inked: number; colours: number }> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(async (base64: string) => {
      const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
      const bitmap = await createImageBitmap(blob);
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
      const colours = new Set<number>();
      let inked = 0;
      for (let i = 0; i < data.length; i += 4) {
        const rgb = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
        if (colours.size < 10_000) colours.add(rgb);
        if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) inked++;
      }
      return { inked: inked / (data.length / 4), colours: colours.size };
    }, png.toString('base64'));
  } finally {
    await page.close();
  }
}
