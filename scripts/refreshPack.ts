/**
 * Refreshes a rule pack (packs/NAME) from a local clone of its upstream repository:
 *
 *   npm run pack:refresh -- sigma /path/to/sigma
 *   npm run pack:refresh -- elastic /path/to/detection-rules
 *
 * The pack's rule folder is replaced by a copy of the clone's Windows rules, its licence files are
 * copied beside it, and SOURCE.md records where it came from: the upstream commit (`git rev-parse
 * HEAD` of the clone; "unknown" when the folder is no git checkout), the date of the copy, the
 * number of files and a content hash (packContentHash) that test/cli/packs.test.ts checks.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackSource {
  readonly name: string;
  readonly upstream: string;
  /** The rules copied, inside the clone; copied to the same path inside the pack. */
  readonly rulesFolder: string;
  /** Licence and notice files of the clone copied into the pack (those that exist). */
  readonly licenceFiles: readonly string[];
  readonly licence: string;
}

export const PACK_SOURCES: readonly PackSource[] = [
  {
    name: 'sigma',
    upstream: 'https://github.com/SigmaHQ/sigma',
    rulesFolder: 'rules/windows',
    licenceFiles: ['LICENSE', 'LICENSE.Detection.Rules.md'],
    licence: 'Detection Rule License (DRL) 1.1, https://github.com/SigmaHQ/Detection-Rule-License',
  },
  {
    name: 'elastic',
    upstream: 'https://github.com/elastic/detection-rules',
    rulesFolder: 'rules/windows',
    licenceFiles: ['LICENSE.txt', 'NOTICE.txt'],
    licence: 'Elastic License 2.0, https://www.elastic.co/licensing/elastic-license',
  },
];

/** Every file below `folder`, as paths relative to it with `/`, sorted. */
export function filesBelow(folder: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(relative(folder, path).split(sep).join('/'));
    }
  };
  walk(folder);
  return files.sort();
}

/**
 * SHA-256 over the rule files of a pack's rule folder: for each file in sorted order, its path
 * relative to the folder, a NUL, the SHA-256 of its bytes in hex, a newline.
 */
export function packContentHash(rulesRoot: string): string {
  const hash = createHash('sha256');
  for (const file of filesBelow(rulesRoot)) {
    hash.update(
      `${file}\0${createHash('sha256')
        .update(readFileSync(join(rulesRoot, file)))
        .digest('hex')}\n`,
    );
  }
  return hash.digest('hex');
}

function upstreamCommit(clone: string): string {
  try {
    return execFileSync('git', ['-C', clone, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown (the folder it was copied from is no git checkout)';
  }
}

/** Replaces pack `source.name` under `packsRoot` by the rules of `clone`; returns what SOURCE.md says. */
export function refreshPack(source: PackSource, clone: string, packsRoot: string, today = new Date()): string {
  const rules = join(clone, source.rulesFolder);
  if (!existsSync(rules) || !statSync(rules).isDirectory())
    throw new Error(`${rules}: no such folder (is ${clone} a clone of ${source.upstream}?)`);
  const pack = join(packsRoot, source.name);
  const staging = `${pack}.new`;
  rmSync(staging, { recursive: true, force: true });
  const stagedRules = join(staging, source.rulesFolder);
  mkdirSync(dirname(stagedRules), { recursive: true });
  cpSync(rules, stagedRules, { recursive: true, dereference: true });
  const licences = source.licenceFiles.filter((file) => existsSync(join(clone, file)));
  if (licences.length === 0) throw new Error(`${clone}: none of the licence files ${source.licenceFiles.join(', ')}`);
  for (const file of licences) cpSync(join(clone, file), join(staging, file));
  const files = filesBelow(stagedRules).length;
  const text = [
    `# Rule pack \`${source.name}\``,
    '',
    `Copied by \`npm run pack:refresh -- ${source.name} CLONE\` (scripts/refreshPack.ts); do not edit by hand.`,
    '',
    `- Upstream: ${source.upstream}, folder \`${source.rulesFolder}\``,
    `- Upstream commit: ${upstreamCommit(clone)}`,
    `- Copied on: ${today.toISOString().slice(0, 10)}`,
    `- Files: ${files}`,
    `- Content hash: sha256:${packContentHash(stagedRules)}`,
    `- Licence: ${source.licence} (${licences.join(', ')} in this folder)`,
    '',
  ].join('\n');
  writeFileSync(join(staging, 'SOURCE.md'), text);
  rmSync(pack, { recursive: true, force: true });
  renameSync(staging, pack);
  return text;
}

function main(args: readonly string[]): number {
  const [name, clone] = args;
  const source = PACK_SOURCES.find((pack) => pack.name === name);
  if (source === undefined || clone === undefined) {
    process.stderr.write(`usage: npm run pack:refresh -- ${PACK_SOURCES.map((pack) => pack.name).join('|')} /path/to/clone\n`);
    return 2;
  }
  const packsRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packs');
  try {
    process.stdout.write(refreshPack(source, resolve(clone), packsRoot));
  } catch (error) {
    process.stderr.write(`refreshPack: ${(error as Error).message}\n`);
    return 2;
  }
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = main(process.argv.slice(2));
