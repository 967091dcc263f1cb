/**
 * Multi-document rule files (Sigma v1 rule collections): an `action: global` document is merged
 * into every following rule until `action: reset`; `action: repeat` repeats the previous rule
 * with changes merged in, as pySigma's SigmaCollection does.
 */
import { isYamlMap as isMap } from './yaml.js';

export interface CollectionEntry {
  /** The rule document, with global and repeated parts merged in. */
  readonly document?: Record<string, unknown>;
  /** Why a document cannot become a rule. */
  readonly problem?: string;
}

export function resolveCollection(documents: readonly unknown[]): CollectionEntry[] {
  const entries: CollectionEntry[] = [];
  let global: Record<string, unknown> | undefined;
  let previous: Record<string, unknown> | undefined;
  documents.forEach((document, index) => {
    if (document === null || document === undefined) return;
    if (!isMap(document)) {
      entries.push({ problem: `document ${index + 1} is not a YAML map` });
      return;
    }
    const { action, ...body } = document;
    if (action === undefined) {
      previous = global === undefined ? body : mergeDeep(global, body);
      entries.push({ document: previous });
    } else if (action === 'global') {
      global = body;
    } else if (action === 'reset') {
      global = undefined;
    } else if (action === 'repeat') {
      if (previous === undefined) {
        entries.push({ problem: `document ${index + 1} repeats a rule but no rule precedes it` });
        return;
      }
      previous = mergeDeep(previous, body);
      entries.push({ document: previous });
    } else {
      entries.push({ problem: `document ${index + 1} has the unknown collection action '${String(action)}'` });
    }
  });
  return entries;
}

/** `override` merged into `base`: maps merge key by key, anything else is replaced. */
function mergeDeep(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const existing = merged[key];
    merged[key] = isMap(existing) && isMap(value) ? mergeDeep(existing, value) : value;
  }
  return merged;
}
