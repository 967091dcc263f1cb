// Bundles the CLI into dist/src/cli/main.js (the package's bin) after tsc has built dist/: one file
// for start-up instead of ~140 ES modules, with what only a hunt or a dump runs (src/cli/engine.ts,
// imported dynamically) in chunks beside it, loaded when a command runs, so `hunt --help` reads little.
// Plain JavaScript, not compiled by tsc: without esbuild installed (a devDependency) the build
// still works and keeps tsc's unbundled main.js, only slower to start.
import { chmodSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SRC = resolve('src');
const DIST_SRC = resolve('dist/src');
/** Every output file goes here (chunks too), where tsc puts src/cli's modules. */
const OUT_DIR = join(DIST_SRC, 'cli');
const MODULE_RELATIVE_URL = /new URL\((['"])(\.{1,2}\/[^'"]+)\1,\s*import\.meta\.url\)/g;

/**
 * `new URL('./file.js', import.meta.url)` (a worker's script, say) names a file beside its module;
 * bundled, the module's code runs from OUT_DIR, so the URL is rewritten to the same file in tsc's
 * output. Modules of src/cli are compiled into OUT_DIR anyway. Other uses of import.meta outside
 * src/cli would mean something else once bundled: the build stops and says where.
 */
const moduleRelativeUrls = {
  name: 'module-relative-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const folder = relative(SRC, dirname(path));
      if (!source.includes('import.meta') || folder === 'cli' || folder.startsWith('..')) return undefined;
      const contents = source.replace(MODULE_RELATIVE_URL, (_match, _quote, target) => {
        const compiled = join(DIST_SRC, folder, target);
        return `new URL(${JSON.stringify(relative(OUT_DIR, compiled).split(sep).join('/'))}, import.meta.url)`;
      });
      if (contents.replace(/new URL\("[^"]+", import\.meta\.url\)/g, '').includes('import.meta')) {
        return {
          errors: [{ text: `${relative('.', path)}: import.meta other than new URL('./file', import.meta.url) cannot be bundled` }],
        };
      }
      return { contents, loader: 'ts' };
    });
  },
};

const STRING_WIDTH = resolve('scripts/stringWidth.mjs');

/** Every `string-width` (yargs, cliui and wrap-ansi bring one each) is scripts/stringWidth.mjs. */
const lightStringWidth = {
  name: 'light-string-width',
  setup(build) {
    build.onResolve({ filter: /^string-width$/ }, () => ({ path: STRING_WIDTH }));
  },
};

let esbuild;
try {
  esbuild = await import('esbuild');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  console.warn('bundle: esbuild is not installed (npm install): dist/src/cli/main.js stays unbundled, slower to start');
}
if (esbuild !== undefined) {
  await esbuild.build({
    entryPoints: { main: 'src/cli/main.ts' },
    outdir: OUT_DIR,
    chunkNames: 'bundle-[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    allowOverwrite: true,
    plugins: [moduleRelativeUrls, lightStringWidth],
    logLevel: 'warning',
  });
}
chmodSync(join(OUT_DIR, 'main.js'), 0o755);
