/** Warnings of one kind (`FILE: no hits, and no process-creation events ...` for many files) said once, with a count. */

/** Where the subject of a warning (a path) ends: the first `: ` after something that looks like a path. */
const PATH_SUBJECT = /^(.*?(?:[/\\][^:]*|\.evtx)): (.+)$/is;

/**
 * The warnings as lines: each kind once, naming how many files or folders it concerns and the first
 * of them (`--verbose` lists every one, as they came).
 */
export function groupWarnings(warnings: readonly string[], verbose: boolean): string[] {
  if (verbose) return [...warnings];
  const byKind = new Map<string, string[]>();
  for (const warning of warnings) {
    const match = PATH_SUBJECT.exec(warning);
    const kind = match === null ? warning : match[2]!;
    const subjects = byKind.get(kind);
    if (subjects === undefined) byKind.set(kind, [warning]);
    else subjects.push(warning);
  }
  return [...byKind].map(([kind, same]) =>
    same.length === 1
      ? same[0]!
      : `${same.length} files or folders: ${kind} (the first: ${PATH_SUBJECT.exec(same[0]!)![1]}; --verbose lists them)`,
  );
}
