/**
 * The rule cache: what the YAML and TOML parsers returned for each rule file, so a second run with
 * thousands of rules skips parsing (a third of loading them; compiling them into matchers is the
 * rest, and closures cannot be stored).
 *
 * One cache file per set of rule files (their paths, the hunt build and the cache format name it),
 * holding one entry per file keyed by the parser and the SHA-256 of the file's bytes: a changed file
 * misses, parses and is rewritten; unchanged ones hit. The file is a header line (format, build,
 * key, payload length and SHA-256) and one `key<TAB>entry JSON` line per rule file. A file that is
 * truncated, edited, written by another build or not ours at all fails those checks and counts as
 * empty; so does one that another user owns or could write. An entry that does not decode is a
 * miss. Writes go to a temporary file renamed into place, so readers see a whole file or none; the
 * directory is bounded in size, the least recently used files evicted. Nothing here fails a run: a
 * missing or read-only directory only means parsing every time.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeEntry, encodeEntry } from './codec.js';
import type { ParsedRuleFiles, RuleFileFormat } from './format.js';

/** Names this file layout; a cache file of another layout is not read. */
const CACHE_FORMAT = 'hunt-rule-cache/2';
/** By default, the most the cache directory's files may hold together; the least recently used go first. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
const CACHE_FILE = /^rules-[0-9a-f]{32}\.cache$/;
const TEMPORARY_FILE = /^rules-[0-9a-f]{32}\.cache\.[0-9a-f]+\.tmp$/;
/** A temporary file this old was left by a run that died while writing it. */
const ABANDONED_TEMPORARY_MS = 10 * 60 * 1000;

export interface RuleCacheOptions {
  readonly directory: string;
  /** Names hunt's version and build: a cache written by another build is not read. */
  readonly huntVersion: string;
  /** The rule files of the load, in load order: each set of files has its own cache file. */
  readonly ruleFiles: readonly string[];
  /** The most the cache files may hold together (64 MiB). */
  readonly maxBytes?: number;
}

interface Header {
  readonly format: string;
  readonly hunt: string;
  readonly key: string;
  readonly payloadBytes: number;
  readonly payloadSha256: string;
}

export interface RuleCacheCounts {
  /** Files whose parse came from the cache. */
  readonly hits: number;
  /** Files parsed from their text (not in the cache, changed, or their entry damaged). */
  readonly misses: number;
}

export class RuleCache implements ParsedRuleFiles {
  readonly file: string;
  private readonly directory: string;
  private readonly huntVersion: string;
  private readonly maxBytes: number;
  private readonly key: string;
  /** The entries the cache file held: key -> entry JSON. */
  private readonly stored: ReadonlyMap<string, string>;
  /** The entries of this load's files, as the cache file is rewritten. */
  private readonly used = new Map<string, string>();
  private hits = 0;
  private misses = 0;
  /** Whether an entry was parsed anew (missing, or damaged): the cache file needs rewriting. */
  private parsedAnew = false;

  constructor({ directory, huntVersion, ruleFiles, maxBytes = MAX_CACHE_BYTES }: RuleCacheOptions) {
    this.directory = directory;
    this.huntVersion = huntVersion;
    this.maxBytes = maxBytes;
    this.key = sha256(JSON.stringify([CACHE_FORMAT, huntVersion, ruleFiles.map((file) => resolve(file))])).slice(0, 32);
    this.file = join(directory, `rules-${this.key}.cache`);
    this.stored = this.read();
  }

  parsed<T>(bytes: Buffer, format: RuleFileFormat<T>, parse: (text: string) => T): T {
    const key = `${format.id}:${sha256(bytes)}`;
    const stored = this.stored.get(key);
    if (stored !== undefined) {
      const value = decodedOrUndefined(stored, format);
      if (value !== undefined) {
        this.hits++;
        this.used.set(key, stored);
        return value;
      }
    }
    this.misses++;
    this.parsedAnew = true;
    const value = parse(bytes.toString('utf8'));
    const entry = encodeEntry(value, format);
    if (entry !== undefined) this.used.set(key, entry);
    return value;
  }

  counts(): RuleCacheCounts {
    return { hits: this.hits, misses: this.misses };
  }

  /**
   * Writes the entries of this load's files when they differ from what was read (a miss, or
   * entries of files no longer loaded); else only marks the cache file as used. Never throws.
   */
  save(): void {
    // Every entry used came from the file: unchanged unless it held entries of other files too.
    if (!this.parsedAnew && this.used.size === this.stored.size) {
      if (this.used.size > 0) ignoringErrors(() => utimesSync(this.file, new Date(), new Date()));
      return;
    }
    const payload = Buffer.from([...this.used].map(([key, entry]) => `${key}\t${entry}`).join('\n'), 'latin1');
    const header: Header = {
      format: CACHE_FORMAT,
      hunt: this.huntVersion,
      key: this.key,
      payloadBytes: payload.length,
      payloadSha256: sha256(payload),
    };
    const contents = Buffer.concat([Buffer.from(JSON.stringify(header) + '\n', 'utf8'), payload]);
    if (contents.length > this.maxBytes) return;
    const temporary = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    ignoringErrors(() => {
      mkdirSync(this.directory, { recursive: true, mode: 0o700 });
      try {
        writeFileSync(temporary, contents, { flag: 'wx', mode: 0o600 });
        renameSync(temporary, this.file);
      } catch (error) {
        ignoringErrors(() => unlinkSync(temporary));
        throw error;
      }
      evictOldest(this.directory, this.file, this.maxBytes);
    });
  }

  /** The entries of the cache file, or none when it is missing or fails a check. */
  private read(): ReadonlyMap<string, string> {
    const none = new Map<string, string>();
    let contents: Buffer;
    try {
      const fd = openSync(this.file, 'r');
      try {
        // Rule documents decide verdicts: a file another user could have written is not trusted.
        if (!isOwnAndPrivate(fstatSync(fd))) return none;
        contents = readFileSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch {
      return none;
    }
    const newline = contents.indexOf(0x0a);
    if (newline < 0) return none;
    let header: unknown;
    try {
      header = JSON.parse(contents.toString('utf8', 0, newline));
    } catch {
      return none;
    }
    const payload = contents.subarray(newline + 1);
    if (
      !isHeader(header) ||
      header.format !== CACHE_FORMAT ||
      header.hunt !== this.huntVersion ||
      header.key !== this.key ||
      header.payloadBytes !== payload.length ||
      header.payloadSha256 !== sha256(payload)
    ) {
      return none;
    }
    const entries = new Map<string, string>();
    if (payload.length === 0) return entries;
    // Entries are ASCII (codec.ts): decoded byte for byte, the fastest way.
    for (const line of payload.toString('latin1').split('\n')) {
      const tab = line.indexOf('\t');
      if (tab <= 0) return none;
      entries.set(line.slice(0, tab), line.slice(tab + 1));
    }
    return entries;
  }
}

function decodedOrUndefined<T>(entry: string, format: RuleFileFormat<T>): T | undefined {
  try {
    return decodeEntry(entry, format);
  } catch {
    return undefined;
  }
}

/** Owned by this user and writable by no one else (where the platform has users: not on Windows). */
function isOwnAndPrivate(stats: { readonly uid: number; readonly mode: number }): boolean {
  return process.getuid === undefined || (stats.uid === process.getuid() && (stats.mode & 0o022) === 0);
}

function isHeader(value: unknown): value is Header {
  if (typeof value !== 'object' || value === null) return false;
  const { format, hunt, key, payloadBytes, payloadSha256 } = value as Record<string, unknown>;
  return (
    typeof format === 'string' &&
    typeof hunt === 'string' &&
    typeof key === 'string' &&
    typeof payloadBytes === 'number' &&
    typeof payloadSha256 === 'string'
  );
}

/** Removes the least recently used cache files beyond `maxBytes`, and abandoned temporary files. */
function evictOldest(directory: string, keep: string, maxBytes: number): void {
  const now = Date.now();
  const files: { path: string; size: number; used: number }[] = [];
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    ignoringErrors(() => {
      if (CACHE_FILE.test(name)) {
        const stats = statSync(path);
        files.push({ path, size: stats.size, used: stats.mtimeMs });
      } else if (TEMPORARY_FILE.test(name) && now - statSync(path).mtimeMs > ABANDONED_TEMPORARY_MS) {
        unlinkSync(path);
      }
    });
  }
  let total = 0;
  for (const file of files.sort((a, b) => b.used - a.used)) {
    total += file.size;
    if (total > maxBytes && file.path !== keep) ignoringErrors(() => unlinkSync(file.path));
  }
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The cache only ever saves time: a directory it cannot create, read or write is no error. */
function ignoringErrors(action: () => void): void {
  try {
    action();
  } catch {
    // Parsing every time instead.
  }
}
