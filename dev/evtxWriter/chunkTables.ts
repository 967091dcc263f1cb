import { nameHash } from '../../src/evtx/names.js';
import { NAME_BUCKETS, TEMPLATE_BUCKETS } from './layout.js';

/**
 * The per-chunk name (common-string) and template tables, as bucket heads with chains
 * through each entry's `next` field. Additions made while encoding a record can be undone
 * when the record turns out not to fit and moves to a new chunk.
 */
export class ChunkTables {
  readonly nameBuckets = new Uint32Array(NAME_BUCKETS);
  readonly templateBuckets = new Uint32Array(TEMPLATE_BUCKETS);
  private readonly nameOffsets = new Map<string, number>();
  private readonly templateOffsets = new Map<string, number>();
  private pendingUndo: Array<() => void> = [];

  nameOffset(name: string): number | undefined {
    return this.nameOffsets.get(name);
  }

  /** Records a name stored inline at `offset`; returns the chain link to store in it. */
  addName(name: string, offset: number): number {
    const bucket = nameHash(name) % NAME_BUCKETS;
    const previousHead = this.nameBuckets[bucket] as number;
    this.nameOffsets.set(name, offset);
    this.nameBuckets[bucket] = offset;
    this.pendingUndo.push(() => {
      this.nameOffsets.delete(name);
      this.nameBuckets[bucket] = previousHead;
    });
    return previousHead;
  }

  templateOffset(key: string): number | undefined {
    return this.templateOffsets.get(key);
  }

  /**
   * Records a template definition at `offset`; returns the chain link to store in it.
   * Windows' bucket function is undocumented and readers ignore the table; id mod 32 it is.
   */
  addTemplate(key: string, templateId: number, offset: number): number {
    const bucket = templateId % TEMPLATE_BUCKETS;
    const previousHead = this.templateBuckets[bucket] as number;
    this.templateOffsets.set(key, offset);
    this.templateBuckets[bucket] = offset;
    this.pendingUndo.push(() => {
      this.templateOffsets.delete(key);
      this.templateBuckets[bucket] = previousHead;
    });
    return previousHead;
  }

  /** Keeps everything added since the last commit or rollback. */
  commit(): void {
    this.pendingUndo = [];
  }

  /** Forgets everything added since the last commit or rollback. */
  rollback(): void {
    for (let i = this.pendingUndo.length - 1; i >= 0; i--) (this.pendingUndo[i] as () => void)();
    this.pendingUndo = [];
  }
}
