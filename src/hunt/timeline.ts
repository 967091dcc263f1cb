import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import type { EvtxInteger } from '../evtx/index.js';
import { ruleIdentity, type RuleMeta } from '../rules/types.js';
import type { Hit } from './hit.js';
import { arrivedHit, cloneHit, type HitClone } from './clone.js';

/**
 * Hits held in memory before a sorted run of them is written to a temporary file (a few KB each):
 * a run with more hits than this sorts them by merging those files, in bounded memory.
 */
export const TIMELINE_HITS_IN_MEMORY = 10_000;
/**
 * Hits of one instant compared for duplicates at once; past this (a hostile log giving every record
 * one time) the rest of that instant is compared in groups of this size.
 */
export const DUPLICATES_COMPARED_PER_INSTANT = 4096;

/** Hits in memory at one location (rule, host, record, time) a new hit is compared with as it comes. */
const HITS_COMPARED_PER_LOCATION = 16;

export interface TimelineOptions {
  readonly hitsInMemory?: number;
  /** Where sorted runs are written (default: a new folder in the system's temporary folder). */
  readonly spillDirectory?: string;
}

/** What putting a run's hits in time order found. */
export interface TimelineOutcome {
  /** Hits not reported because another hit reports the same event (a copy of a log, a carved copy of a live record). */
  readonly duplicates: number;
  /** Sorted runs written to temporary files. */
  readonly spilled: number;
}

interface Entry {
  hit: Hit;
  /** The hit's time, fixed width, so that strings compare as times. */
  readonly time: string;
  /** The file's position in the run. */
  file: number;
  /** The order the hunt found it. */
  seen: number;
  /** Files of the copies of this hit folded into it while in memory, live and carved. */
  copies?: FoldedCopies;
}

interface FoldedCopies {
  readonly live: Set<string>;
  readonly carved: Set<string>;
}

const ISO_TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/;

/** An EVTX time with its fraction padded to 9 digits; anything else as it is. */
function timeKey(timestamp: string): string {
  const parts = ISO_TIME.exec(timestamp);
  return parts === null ? timestamp : `${parts[1]}.${(parts[2] ?? '').padEnd(9, '0')}Z`;
}

function compareIds(a: EvtxInteger, b: EvtxInteger): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Time, then file, then record id; live before carved; then the order found. */
function compareEntries(a: Entry, b: Entry): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  return (
    a.file - b.file || compareIds(a.hit.recordId, b.hit.recordId) || Number(a.hit.recovered) - Number(b.hit.recovered) || a.seen - b.seen
  );
}

function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** A hit's rule, host, channel, record and time: equal for duplicates, rarely equal otherwise. */
function locationKey(hit: Hit): string {
  return `${ruleIdentity(hit.rule)}\n${hit.computer}\n${hit.channel}\n${hit.eventId}\n${hit.recordId}\n${hit.timestamp}`;
}

/** What makes two hits the same detection of the same event, whichever file holds it. */
function duplicateKey(hit: Hit): string {
  return JSON.stringify(
    [hit.rule.source, hit.rule.id, hit.computer, hit.channel, hit.eventId, hit.recordId, hit.timestamp, hit.eventData, hit.events],
    jsonValue,
  );
}

interface SpilledEntry {
  readonly clone: HitClone;
  readonly file: number;
  readonly seen: number;
  readonly time: string;
  readonly copies?: FoldedCopies;
}

/** Whether two hits are the same detection of the same event, as duplicateKey says, without building the keys. */
function sameDetection(a: Hit, b: Hit): boolean {
  return (
    a.rule.source === b.rule.source &&
    a.rule.id === b.rule.id &&
    a.computer === b.computer &&
    a.channel === b.channel &&
    a.eventId === b.eventId &&
    a.recordId === b.recordId &&
    a.timestamp === b.timestamp &&
    isDeepStrictEqual(a.eventData, b.eventData) &&
    isDeepStrictEqual(a.events, b.events)
  );
}

/** A sorted run in a file: length-prefixed node:v8 clones of hits, read back a block at a time. */
class SpilledRun {
  private readonly fd: number;
  private buffer = Buffer.alloc(0);
  private position = 0;
  private exhausted = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r');
  }

  /** The next clone, or undefined after the last. */
  next(): SpilledEntry | undefined {
    const header = this.take(4);
    if (header === undefined) return undefined;
    const body = this.take(header.readUInt32LE(0));
    if (body === undefined) throw new Error(`${this.path}: a sorted run of hits ends inside a hit`);
    return deserialize(body) as SpilledEntry;
  }

  close(): void {
    closeSync(this.fd);
  }

  private take(length: number): Buffer | undefined {
    while (this.buffer.length - this.position < length && !this.exhausted) {
      const block = Buffer.alloc(Math.max(1 << 20, length));
      const read = readSync(this.fd, block, 0, block.length, null);
      if (read === 0) this.exhausted = true;
      this.buffer = Buffer.concat([this.buffer.subarray(this.position), block.subarray(0, read)]);
      this.position = 0;
    }
    if (this.buffer.length - this.position < length) return undefined;
    const taken = this.buffer.subarray(this.position, this.position + length);
    this.position += length;
    return taken;
  }
}

/**
 * A run's hits in time order across all its files (a responder reads a timeline), ties by file and
 * record id, each event reported once: a hit that repeats another's rule, computer, channel, record
 * id, time and data (the same log collected twice, a carved copy of a live record) is folded into it,
 * its file listed in `alsoIn`; a live copy is preferred to a carved one. Hits wait in memory up to a
 * bound, then are sorted and written to temporary files, merged at the end. A copy of a hit still in
 * memory is folded into it as it comes (the same log twice in a collection would otherwise fill
 * memory and temporary files with copies); the rest are folded as the timeline is drained.
 */
export class Timeline {
  private entries: Entry[] = [];
  private readonly fileIndex = new Map<string, number>();
  private readonly rules: RuleMeta[] = [];
  private readonly ruleIndex = new Map<RuleMeta, number>();
  private readonly runs: string[] = [];
  private spillDirectory: string | undefined;
  private seen = 0;
  private readonly hitsInMemory: number;
  /** The entries in memory by locationKey (usually one each), to fold copies as they come. */
  private readonly byLocation = new Map<string, Entry[]>();
  /** Hits folded into one in memory as they came. */
  private folded = 0;

  constructor(private readonly options: TimelineOptions = {}) {
    this.hitsInMemory = options.hitsInMemory ?? TIMELINE_HITS_IN_MEMORY;
  }

  add(hit: Hit): void {
    const entry: Entry = { hit, time: timeKey(hit.timestamp), file: this.fileOrder(hit.file), seen: this.seen++ };
    const location = locationKey(hit);
    const sameLocation = this.byLocation.get(location);
    if (sameLocation === undefined) this.byLocation.set(location, [entry]);
    else {
      const same = sameLocation.find((other) => sameDetection(other.hit, hit));
      if (same !== undefined) {
        foldInto(same, entry);
        this.folded++;
        return;
      }
      // Hits at one location with other data (a hostile log can make many) are left to the drain.
      if (sameLocation.length < HITS_COMPARED_PER_LOCATION) sameLocation.push(entry);
    }
    this.entries.push(entry);
    if (this.entries.length >= this.hitsInMemory) this.spill();
  }

  /**
   * A file the run has hunted, in the run's order: ties between hits of one instant go by it. A file
   * is also placed when its first hit comes, which is before the run says it hunted it.
   */
  fileOrder(file: string): number {
    let index = this.fileIndex.get(file);
    if (index === undefined) this.fileIndex.set(file, (index = this.fileIndex.size));
    return index;
  }

  /** Sends every hit, in order and without duplicates, to `emit`, and removes the temporary files. */
  drain(emit: (hit: Hit) => void): TimelineOutcome {
    const spilled = this.runs.length;
    let duplicates = this.folded;
    let instant: Entry[] = [];
    const flush = (): void => {
      const kept = foldDuplicates(instant);
      duplicates += instant.length - kept.length;
      for (const hit of kept) emit(hit);
      instant = [];
    };
    const take = (entry: Entry): void => {
      if (instant.length > 0 && (instant[0]!.time !== entry.time || instant.length >= DUPLICATES_COMPARED_PER_INSTANT)) flush();
      instant.push(entry);
    };
    try {
      this.entries.sort(compareEntries);
      if (this.runs.length === 0) for (const entry of this.entries) take(entry);
      else this.merge(take);
      flush();
    } finally {
      this.discard();
    }
    return { duplicates, spilled };
  }

  /** Removes the temporary files without emitting (a run that failed or was interrupted). */
  discard(): void {
    this.entries = [];
    this.byLocation.clear();
    for (const run of this.runs.splice(0)) rmSync(run, { force: true });
    if (this.spillDirectory !== undefined && this.options.spillDirectory === undefined)
      rmSync(this.spillDirectory, { recursive: true, force: true });
  }

  private spill(): void {
    this.entries.sort(compareEntries);
    this.spillDirectory ??= this.options.spillDirectory ?? mkdtempSync(join(tmpdir(), 'hunt-timeline-'));
    const path = join(this.spillDirectory, `run-${this.runs.length}.bin`);
    const fd = openSync(path, 'w');
    try {
      for (const { hit, file, seen, time, copies } of this.entries) {
        if (!this.ruleIndex.has(hit.rule)) this.ruleIndex.set(hit.rule, this.rules.push(hit.rule) - 1);
        const spilled: SpilledEntry = { clone: cloneHit(hit, this.ruleIndex), file, seen, time, ...(copies && { copies }) };
        const body = serialize(spilled);
        const header = Buffer.alloc(4);
        header.writeUInt32LE(body.length, 0);
        writeSync(fd, header);
        writeSync(fd, body);
      }
    } finally {
      closeSync(fd);
    }
    this.runs.push(path);
    this.entries = [];
    this.byLocation.clear();
  }

  /** Merges the sorted runs on disk and the sorted entries in memory. */
  private merge(take: (entry: Entry) => void): void {
    const runs = this.runs.map((path) => new SpilledRun(path));
    try {
      const read = (run: SpilledRun): Entry | undefined => {
        const next = run.next();
        return next === undefined
          ? undefined
          : {
              hit: arrivedHit(next.clone, this.rules),
              file: next.file,
              seen: next.seen,
              time: next.time,
              ...(next.copies && { copies: next.copies }),
            };
      };
      const heads: (Entry | undefined)[] = runs.map(read);
      let memory = 0;
      for (;;) {
        let best = -1;
        let bestEntry = this.entries[memory];
        heads.forEach((head, index) => {
          if (head !== undefined && (bestEntry === undefined || compareEntries(head, bestEntry) < 0)) {
            best = index;
            bestEntry = head;
          }
        });
        if (bestEntry === undefined) return;
        take(bestEntry);
        if (best < 0) memory++;
        else heads[best] = read(runs[best]!);
      }
    } finally {
      for (const run of runs) run.close();
    }
  }
}

/** One hit per event among hits of one instant, in their order, each with the other files that hold it. */
function foldDuplicates(instant: readonly Entry[]): Hit[] {
  if (instant.length === 1 && instant[0]!.copies === undefined) return [instant[0]!.hit];
  const byKey = new Map<string, { kept: Entry; live: Set<string>; carved: Set<string> }>();
  for (const entry of instant) {
    const key = duplicateKey(entry.hit);
    let same = byKey.get(key);
    if (same === undefined) byKey.set(key, (same = { kept: entry, live: new Set(), carved: new Set() }));
    else if (same.kept.hit.recovered && !entry.hit.recovered) same.kept = entry;
    (entry.hit.recovered ? same.carved : same.live).add(entry.hit.file);
    for (const file of entry.copies?.live ?? []) same.live.add(file);
    for (const file of entry.copies?.carved ?? []) same.carved.add(file);
  }
  const kept = [...byKey.values()].sort((a, b) => compareEntries(a.kept, b.kept));
  return kept.map(({ kept: { hit }, live, carved }) => {
    // A carved copy of a live record is no more evidence: its file is listed only when no live copy exists.
    const files = hit.recovered ? carved : live;
    files.delete(hit.file);
    return files.size === 0 ? hit : { ...hit, alsoIn: [...files] };
  });
}

/**
 * Folds `copy` into `kept`, a hit in memory that is the same detection (sameDetection): `kept`
 * becomes the one of the two the drain would keep (live before carved, then the timeline's order),
 * and lists the other's file.
 */
function foldInto(kept: Entry, copy: Entry): void {
  const copyFirst = kept.hit.recovered !== copy.hit.recovered ? !copy.hit.recovered : compareEntries(copy, kept) < 0;
  const folded = copyFirst ? kept.hit : copy.hit;
  if (copyFirst) {
    kept.hit = copy.hit;
    kept.file = copy.file;
    kept.seen = copy.seen;
  }
  kept.copies ??= { live: new Set(), carved: new Set() };
  (folded.recovered ? kept.copies.carved : kept.copies.live).add(folded.file);
}
