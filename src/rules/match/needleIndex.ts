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
 */

const MIN_PENDING_FOR_REBUILD = 64;
/** Child lists up to this long are searched linearly, longer ones by bisection. */
const LINEAR_SEARCH_LIMIT = 8;

/**
 * The trie in flat arrays: the root's transitions as a table over all UTF-16 code units (the
 * root is where scanning spends most steps), every other state's as a code-sorted run of
 * `edgeCodes`/`edgeTargets` starting at `edgeStart[state]`.
 */
interface Automaton {
  readonly rootTargets: Int32Array;
  readonly edgeStart: Int32Array;
  readonly edgeCodes: Uint16Array;
  readonly edgeTargets: Int32Array;
  readonly fail: Int32Array;
  /** Needle ids ending at each state, including those of its fail chain. */
  readonly outputs: readonly (readonly number[])[];
  /** Needles with ids below this are in the automaton. */
  readonly size: number;
}

export class NeedleIndex {
  private readonly ids = new Map<string, number>();
  private readonly needles: string[] = [];
  private automaton: Automaton = buildAutomaton([]);
  private lastText: string | undefined;
  private epoch = 0;
  /** found[id] === epoch: the needle occurs in the last text; atEnd[id] === epoch: it ends it. */
  private found = new Uint32Array(16);
  private atEnd = new Uint32Array(16);
  /** The ids marked in `found` for the last text, each once. */
  private readonly foundIds: number[] = [];

  /** The id of a (non-empty) needle, registering it on first sight. */
  register(needle: string): number {
    let id = this.ids.get(needle);
    if (id === undefined) {
      id = this.needles.length;
      this.ids.set(needle, id);
      this.needles.push(needle);
      // The kept result for the last text does not know the new needle.
      this.lastText = undefined;
      if (id >= this.found.length) {
        this.found = grow(this.found);
        this.atEnd = grow(this.atEnd);
      }
    }
    return id;
  }

  containsAny(text: string, ids: Int32Array): boolean {
    if (text !== this.lastText) this.scan(text);
    const { found, epoch } = this;
    for (let i = 0; i < ids.length; i++) if (found[ids[i]] === epoch) return true;
    return false;
  }

  /** The ids of the needles occurring in the text; valid until the next call with another text. */
  occurring(text: string): readonly number[] {
    if (text !== this.lastText) this.scan(text);
    return this.foundIds;
  }

  endsWithAny(text: string, ids: Int32Array): boolean {
    if (text !== this.lastText) this.scan(text);
    const { atEnd, epoch } = this;
    for (let i = 0; i < ids.length; i++) if (atEnd[ids[i]] === epoch) return true;
    return false;
  }

  private scan(text: string): void {
    const pending = this.needles.length - this.automaton.size;
    if (pending >= Math.max(MIN_PENDING_FOR_REBUILD, this.automaton.size / 4)) {
      this.automaton = buildAutomaton(this.needles);
    }
    this.lastText = text;
    const epoch = ++this.epoch;
    const { found, atEnd, foundIds } = this;
    foundIds.length = 0;
    const automaton = this.automaton;
    const { fail, outputs, size } = automaton;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let next = transition(automaton, state, code);
      while (next < 0 && state !== 0) {
        state = fail[state];
        next = transition(automaton, state, code);
      }
      state = next < 0 ? 0 : next;
      const ending = outputs[state];
      for (let k = 0; k < ending.length; k++) {
        const id = ending[k];
        if (found[id] !== epoch) {
          found[id] = epoch;
          foundIds.push(id);
        }
      }
    }
    // The needles ending at the last character are exactly the text's suffixes among them.
    for (const id of outputs[state]) atEnd[id] = epoch;
    for (let id = size; id < this.needles.length; id++) {
      const needle = this.needles[id];
      if (text.includes(needle)) {
        found[id] = epoch;
        foundIds.push(id);
      }
      if (text.endsWith(needle)) atEnd[id] = epoch;
    }
  }
}

function grow(array: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const grown = new Uint32Array(array.length * 2);
  grown.set(array);
  return grown;
}

/** The state reached from `state` by `code`, or -1. */
function transition(automaton: Automaton, state: number, code: number): number {
  if (state === 0) return automaton.rootTargets[code];
  const { edgeStart, edgeCodes, edgeTargets } = automaton;
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

function buildAutomaton(needles: readonly string[]): Automaton {
  // The trie, with per-state child maps while it grows.
  const children: Map<number, number>[] = [new Map()];
  const ownOutputs: number[][] = [[]];
  needles.forEach((needle, id) => {
    let state = 0;
    for (let i = 0; i < needle.length; i++) {
      const code = needle.charCodeAt(i);
      let next = children[state].get(code);
      if (next === undefined) {
        next = children.length;
        children[state].set(code, next);
        children.push(new Map());
        ownOutputs.push([]);
      }
      state = next;
    }
    ownOutputs[state].push(id);
  });
  const rootTargets = new Int32Array(0x10000).fill(-1);
  for (const [code, child] of children[0]) rootTargets[code] = child;
  const edgeStart = new Int32Array(children.length + 1);
  for (let state = 0; state < children.length; state++) {
    edgeStart[state + 1] = edgeStart[state] + (state === 0 ? 0 : children[state].size);
  }
  const edgeCodes = new Uint16Array(edgeStart[children.length]);
  const edgeTargets = new Int32Array(edgeStart[children.length]);
  for (let state = 1; state < children.length; state++) {
    const sorted = [...children[state]].sort((a, b) => a[0] - b[0]);
    sorted.forEach(([code, child], offset) => {
      edgeCodes[edgeStart[state] + offset] = code;
      edgeTargets[edgeStart[state] + offset] = child;
    });
  }
  const fail = new Int32Array(children.length);
  const outputs: number[][] = new Array<number[]>(children.length);
  outputs[0] = ownOutputs[0];
  const automaton: Automaton = { rootTargets, edgeStart, edgeCodes, edgeTargets, fail, outputs, size: needles.length };
  // Breadth-first, so a state's fail target is complete before its children need it.
  const queue = [0];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head];
    for (const [code, child] of children[state]) {
      let target = -1;
      if (state !== 0) {
        let fallback = fail[state];
        target = transition(automaton, fallback, code);
        while (target < 0 && fallback !== 0) {
          fallback = fail[fallback];
          target = transition(automaton, fallback, code);
        }
      }
      fail[child] = target < 0 ? 0 : target;
      const inherited = outputs[fail[child]];
      outputs[child] = inherited.length === 0 ? ownOutputs[child] : [...ownOutputs[child], ...inherited];
      queue.push(child);
    }
  }
  return automaton;
}
