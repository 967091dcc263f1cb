/**
 * Finds, in one pass over a field's text, which of all the rules' substring and suffix needles
 * for that field occur in it (Aho-Corasick). Without it an event meets each rule's needles one
 * `includes` at a time: over the process_creation rules that is ~6,000 calls per event.
 *
 * Rules register needles while they compile (into the index their MatchContext holds for the
 * field); the automaton is built on first use and rebuilt only when the needles registered
 * since make up a quarter of it (until then those are checked with includes/endsWith), so
 * compiling rule after rule stays linear overall. The result for the last text is kept, so
 * every rule reading the same event's field reuses it.
 *
 * The shallow states, where a scan spends nearly all its steps, have dense rows over the ASCII
 * characters of the needles (fail links resolved), the deeper ones their child lists and fail
 * links; the tables are sized by the needles, never by the alphabet. A prefilter gate reads an ASCII
 * text without lower-casing it (occurringFolded); a rule lower-casing it afterwards reuses the result.
 */

import type { LowerCaseMemo } from './caseFold.js';

const MIN_PENDING_FOR_REBUILD = 64;
/** Child lists up to this long are searched linearly, longer ones by bisection. */
const LINEAR_SEARCH_LIMIT = 8;
/**
 * Dense transitions (one table row per state, one column per ASCII character any needle has) for
 * at most this many table cells: the shallow states, where scanning spends nearly all its steps.
 * Deeper states (and non-ASCII characters) use their sorted child list and fail link.
 */
const DENSE_CELL_BUDGET = 1 << 17;
/** Character codes below this are read through the dense table. */
const DENSE_CODE_LIMIT = 128;

/**
 * The automaton in flat arrays. States are numbered breadth-first, so the dense states are
 * 0..denseStates-1; `columnOf[code]` is a code's column (0: no needle has it, so every state goes
 * to the root on it). Every state also has its code-sorted children (`edgeStart`, `edgeCodes`,
 * `edgeTargets`) and fail link, for what the table does not cover.
 */
interface Automaton {
  readonly columnOf: Uint8Array;
  /** columnOf with the upper-case ASCII letters read as lower case. */
  readonly foldedColumnOf: Uint8Array;
  readonly width: number;
  readonly denseStates: number;
  /** denseTargets[state * width + column]: the state after the character, fail links resolved. */
  readonly denseTargets: Int32Array;
  readonly edgeStart: Int32Array;
  readonly edgeCodes: Uint16Array;
  readonly edgeTargets: Int32Array;
  readonly fail: Int32Array;
  /** The needle ids ending at each state (its fail chain's included): outputIds[outputStart[s]..outputStart[s+1]). */
  readonly outputStart: Int32Array;
  readonly outputIds: Int32Array;
  /** Needles with ids below this are in the automaton. */
  readonly size: number;
}

/** The automaton of no needles, shared by every index until its first scan: nothing writes to an automaton. */
const EMPTY_AUTOMATON: Readonly<Automaton> = buildAutomaton([], 0);

export class NeedleIndex {
  private readonly ids = new Map<string, number>();
  /** The text last read by occurringFolded, when it was read whole: `found` and `atEnd` are for its lower case. */
  private lastFoldedRaw: string | undefined;
  private readonly needles: string[] = [];
  private automaton: Automaton = EMPTY_AUTOMATON;
  private lastText: string | undefined;
  private epoch = 0;
  /** found[id] === epoch: the needle occurs in the last text; atEnd[id] === epoch: it ends it. */
  private found = new Uint32Array(16);
  private atEnd = new Uint32Array(16);
  /** The ids marked in `found` for the last text, each once: the first `foundCount`. */
  private foundIds = new Int32Array(16);
  private foundCount = 0;
  /** The state the last run ended in. */
  private lastState = 0;

  /**
   * `memo`: the lower-casing of the field's texts, so a text lower-cased through it after
   * occurringFolded read it as it is is not scanned again. `denseCells`: the dense table's budget
   * (tests make it small to reach the child lists and fail links).
   */
  constructor(
    private readonly memo?: LowerCaseMemo,
    private readonly denseCells: number = DENSE_CELL_BUDGET,
  ) {}

  /** How many needles are registered: ids are below it. */
  get size(): number {
    return this.needles.length;
  }

  /** The id of a (non-empty) needle, registering it on first sight. */
  register(needle: string): number {
    let id = this.ids.get(needle);
    if (id === undefined) {
      id = this.needles.length;
      this.ids.set(needle, id);
      this.needles.push(needle);
      // The kept result for the last text does not know the new needle.
      this.lastText = undefined;
      this.lastFoldedRaw = undefined;
      if (id >= this.found.length) {
        this.found = grow(this.found);
        this.atEnd = grow(this.atEnd);
        this.foundIds = new Int32Array(this.found.length);
      }
    }
    return id;
  }

  containsAny(text: string, ids: Int32Array): boolean {
    if (text !== this.lastText) this.use(text);
    const { found, epoch } = this;
    for (let i = 0; i < ids.length; i++) if (found[ids[i]] === epoch) return true;
    return false;
  }

  /**
   * How many needles occur in the text; their ids are the first that many of `occurringIds`,
   * valid until the next call with another text.
   */
  occurring(text: string): number {
    if (text !== this.lastText) this.use(text);
    return this.foundCount;
  }

  /**
   * `occurring` for the lower-cased text, read from the text as it is when that is plain ASCII (so
   * lower-casing maps A-Z to a-z and nothing else); -1 when it is not, and nothing was found.
   * The result is kept for the text's lower case as the memo gives it.
   */
  occurringFolded(raw: string): number {
    this.lastText = undefined;
    this.lastFoldedRaw = undefined;
    this.ensureBuilt();
    if (this.automaton.size < this.needles.length) return -1;
    const count = this.run(raw, true);
    if (count >= 0) {
      this.lastFoldedRaw = raw;
      this.markEnding();
    }
    return count;
  }

  /** The ids `occurring` and `occurringFolded` count. */
  get occurringIds(): Int32Array {
    return this.foundIds;
  }

  endsWithAny(text: string, ids: Int32Array): boolean {
    if (text !== this.lastText) this.use(text);
    const { atEnd, epoch } = this;
    for (let i = 0; i < ids.length; i++) if (atEnd[ids[i]] === epoch) return true;
    return false;
  }

  private ensureBuilt(): void {
    const pending = this.needles.length - this.automaton.size;
    if (pending > 0 && pending >= Math.min(MIN_PENDING_FOR_REBUILD, this.needles.length) && pending >= this.automaton.size / 4) {
      this.automaton = buildAutomaton(this.needles, this.denseCells);
    }
  }

  /** Makes the kept result the text's: the one occurringFolded left, if it was for this text, else a scan. */
  private use(text: string): void {
    if (this.lastFoldedRaw !== undefined && this.memo !== undefined && this.memo.isLowerCaseOf(text, this.lastFoldedRaw)) {
      this.lastText = text;
      this.lastFoldedRaw = undefined;
    } else {
      this.scan(text);
    }
  }

  private scan(text: string): void {
    this.ensureBuilt();
    this.lastText = text;
    this.lastFoldedRaw = undefined;
    let count = this.run(text, false);
    this.markEnding();
    const { found, atEnd, foundIds, epoch } = this;
    const { size } = this.automaton;
    for (let id = size; id < this.needles.length; id++) {
      const needle = this.needles[id];
      if (text.includes(needle)) {
        found[id] = epoch;
        foundIds[count++] = id;
      }
      if (text.endsWith(needle)) atEnd[id] = epoch;
    }
    this.foundCount = count;
  }

  /** The needles ending at the last character of the last run are exactly its text's suffixes among them. */
  private markEnding(): void {
    const { atEnd, epoch, lastState } = this;
    const { outputStart, outputIds } = this.automaton;
    for (let k = outputStart[lastState]; k < outputStart[lastState + 1]; k++) atEnd[outputIds[k]] = epoch;
  }

  /**
   * One pass of the automaton over the text, marking the needles found in a new epoch; `folded`:
   * upper-case ASCII letters read as lower case, and -1 at the first non-ASCII character.
   */
  private run(text: string, folded: boolean): number {
    const epoch = ++this.epoch;
    const { found, foundIds } = this;
    const automaton = this.automaton;
    const { width, denseStates, denseTargets, edgeStart, edgeCodes, edgeTargets, fail, outputStart, outputIds } = automaton;
    const columnOf = folded ? automaton.foldedColumnOf : automaton.columnOf;
    let count = 0;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      let code = text.charCodeAt(i);
      if (code < DENSE_CODE_LIMIT && state < denseStates) {
        state = denseTargets[state * width + columnOf[code]];
      } else {
        if (folded) {
          if (code >= DENSE_CODE_LIMIT) return -1;
          if (code >= 0x41 && code <= 0x5a) code += 0x20;
        }
        // The child by `code`, else the fail target's, down to the root (or into the table).
        for (;;) {
          let low = edgeStart[state];
          let high = edgeStart[state + 1];
          while (high - low > LINEAR_SEARCH_LIMIT) {
            const middle = (low + high) >>> 1;
            if (edgeCodes[middle] < code) low = middle + 1;
            else high = middle + 1;
          }
          let next = -1;
          for (let e = low; e < high; e++) {
            if (edgeCodes[e] === code) {
              next = edgeTargets[e];
              break;
            }
          }
          if (next >= 0) {
            state = next;
            break;
          }
          if (state === 0) break;
          state = fail[state];
          if (code < DENSE_CODE_LIMIT && state < denseStates) {
            state = denseTargets[state * width + columnOf[code]];
            break;
          }
        }
      }
      const end = outputStart[state + 1];
      for (let k = outputStart[state]; k < end; k++) {
        const id = outputIds[k];
        if (found[id] !== epoch) {
          found[id] = epoch;
          foundIds[count++] = id;
        }
      }
    }
    this.lastState = state;
    this.foundCount = count;
    return count;
  }
}

function grow(array: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const grown = new Uint32Array(array.length * 2);
  grown.set(array);
  return grown;
}

/** The child of `state` by `code`, or -1. */
function child(edges: Pick<Automaton, 'edgeStart' | 'edgeCodes' | 'edgeTargets'>, state: number, code: number): number {
  const { edgeStart, edgeCodes, edgeTargets } = edges;
  let low = edgeStart[state];
  let high = edgeStart[state + 1];
  while (high - low > LINEAR_SEARCH_LIMIT) {
    const middle = (low + high) >>> 1;
    if (edgeCodes[middle] < code) low = middle + 1;
    else high = middle + 1;
  }
  for (let i = low; i < high; i++) if (edgeCodes[i] === code) return edgeTargets[i];
  return -1;
}

function buildAutomaton(needles: readonly string[], denseCells: number): Automaton {
  // The trie from the needles in sorted order: each shares its path with the one before up to
  // their common prefix, so the trie needs no lookups, and every state's children come in code order.
  const sorted = needles.map((_, id) => id).sort((a, b) => (needles[a]! < needles[b]! ? -1 : needles[a]! > needles[b]! ? 1 : a - b));
  const firstChild: number[] = [-1];
  const lastChild: number[] = [-1];
  const nextSibling: number[] = [-1];
  const codeOf: number[] = [0];
  const ownOutputs: (number[] | undefined)[] = [undefined];
  const path: number[] = [0];
  let previous = '';
  for (const id of sorted) {
    const needle = needles[id]!;
    let shared = 0;
    const limit = Math.min(previous.length, needle.length);
    while (shared < limit && previous.charCodeAt(shared) === needle.charCodeAt(shared)) shared++;
    let state = path[shared]!;
    for (let i = shared; i < needle.length; i++) {
      const next = codeOf.length;
      codeOf.push(needle.charCodeAt(i));
      firstChild.push(-1);
      lastChild.push(-1);
      nextSibling.push(-1);
      ownOutputs.push(undefined);
      if (lastChild[state]! < 0) firstChild[state] = next;
      else nextSibling[lastChild[state]!] = next;
      lastChild[state] = next;
      state = next;
      path[i + 1] = next;
    }
    (ownOutputs[state] ??= []).push(id);
    previous = needle;
  }
  const count = codeOf.length;
  // Breadth-first order, so every state's fail target (shallower) comes before it.
  const order = new Int32Array(count);
  const rank = new Int32Array(count);
  const parentRank = new Int32Array(count);
  let tail = 1;
  for (let head = 0; head < tail; head++) {
    for (let c = firstChild[order[head]]!; c >= 0; c = nextSibling[c]!) {
      rank[c] = tail;
      parentRank[tail] = head;
      order[tail++] = c;
    }
  }
  // Columns: the ASCII characters of the needles.
  const columnOf = new Uint8Array(DENSE_CODE_LIMIT);
  let width = 1;
  for (let state = 1; state < count; state++) {
    const code = codeOf[state]!;
    if (code < DENSE_CODE_LIMIT && columnOf[code] === 0) columnOf[code] = width++;
  }
  // occurringFolded reads an upper-case ASCII letter as its lower case.
  const foldedColumnOf = columnOf.slice();
  for (let code = 0x41; code <= 0x5a; code++) foldedColumnOf[code] = columnOf[code + 0x20]!;
  const edgeStart = new Int32Array(count + 1);
  const edgeCodes = new Uint16Array(count - 1);
  const edgeTargets = new Int32Array(count - 1);
  let edge = 0;
  for (let r = 0; r < count; r++) {
    edgeStart[r] = edge;
    for (let c = firstChild[order[r]]!; c >= 0; c = nextSibling[c]!) {
      edgeCodes[edge] = codeOf[c]!;
      edgeTargets[edge++] = rank[c];
    }
  }
  edgeStart[count] = edge;
  const denseStates = Math.min(count, Math.max(1, Math.floor(denseCells / width)));
  const fail = new Int32Array(count);
  const edges = { edgeStart, edgeCodes, edgeTargets };
  const outputs: (readonly number[])[] = new Array<readonly number[]>(count);
  outputs[0] = ownOutputs[0] ?? [];
  let outputCount = outputs[0].length;
  for (let r = 1; r < count; r++) {
    const code = codeOf[order[r]]!;
    let target = 0;
    if (parentRank[r] !== 0) {
      for (let fallback = fail[parentRank[r]]; ; fallback = fail[fallback]) {
        const next = child(edges, fallback, code);
        if (next >= 0) {
          target = next;
          break;
        }
        if (fallback === 0) break;
      }
    }
    fail[r] = target;
    const own = ownOutputs[order[r]] ?? [];
    const inherited = outputs[target]!;
    outputs[r] = inherited.length === 0 ? own : own.length === 0 ? inherited : [...own, ...inherited];
    outputCount += outputs[r].length;
  }
  const outputStart = new Int32Array(count + 1);
  const outputIds = new Int32Array(outputCount);
  let output = 0;
  for (let r = 0; r < count; r++) {
    outputStart[r] = output;
    for (const id of outputs[r]!) outputIds[output++] = id;
  }
  outputStart[count] = output;
  // The table, row by row: the fail target's row (already filled: it is shallower), then the own children.
  const denseTargets = new Int32Array(denseStates * width);
  for (let r = 0; r < denseStates; r++) {
    if (r > 0) denseTargets.copyWithin(r * width, fail[r] * width, fail[r] * width + width);
    for (let e = edgeStart[r]; e < edgeStart[r + 1]; e++) {
      const code = edgeCodes[e];
      if (code < DENSE_CODE_LIMIT) denseTargets[r * width + columnOf[code]] = edgeTargets[e];
    }
  }
  return {
    columnOf,
    foldedColumnOf,
    width,
    denseStates,
    denseTargets,
    edgeStart,
    edgeCodes,
    edgeTargets,
    fail,
    outputStart,
    outputIds,
    size: needles.length,
  };
}
