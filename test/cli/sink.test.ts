import assert from 'node:assert/strict';
import { linkSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { OutputError, OutputExistsError, OutputIsInputError } from '../../src/cli/errors.js';
import { inputIdentities, MessageWriter, openOutput } from '../../src/cli/sink.js';

function evidence(): { dir: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hunt-sink-'));
  const log = join(dir, 'Security.evtx');
  writeFileSync(log, 'evidence');
  return { dir, log };
}

test('an output that is an input, by name, symbolic link or hard link, is refused and left as it was', () => {
  const { dir, log } = evidence();
  const soft = join(dir, 'soft.jsonl');
  const hard = join(dir, 'hard.jsonl');
  symlinkSync(log, soft);
  linkSync(log, hard);
  const inputs = inputIdentities([log]);
  for (const target of [log, soft, hard]) {
    assert.throws(
      () => openOutput(target, inputs),
      (error: unknown) => {
        assert.ok(error instanceof OutputIsInputError);
        assert.equal(error.message, `refusing to write ${target}: it is the input ${log} (hunt never writes to its inputs)`);
        return true;
      },
    );
  }
  assert.equal(readFileSync(log, 'utf8'), 'evidence');
});

test('an output that is no input is created, or emptied when it may be overwritten', () => {
  const { dir, log } = evidence();
  const other = join(dir, 'old.jsonl');
  writeFileSync(other, 'old content that is longer');
  const out = openOutput(other, inputIdentities([log]), { overwrite: true });
  out.writer.write('new\n');
  out.close();
  assert.equal(readFileSync(other, 'utf8'), 'new\n');
  const created = openOutput(join(dir, 'new.jsonl'), inputIdentities([log]));
  created.writer.write('x\n');
  created.close();
  assert.equal(readFileSync(join(dir, 'new.jsonl'), 'utf8'), 'x\n');
});

test('an existing file is refused unless it may be overwritten, and left as it was', () => {
  const { dir } = evidence();
  const old = join(dir, 'old.jsonl');
  writeFileSync(old, 'old');
  assert.throws(
    () => openOutput(old),
    (error: unknown) =>
      error instanceof OutputExistsError && error.message === `refusing to overwrite ${old}: it exists (--force overwrites it)`,
  );
  assert.equal(readFileSync(old, 'utf8'), 'old');
});

test('outputs that cannot be opened or written are OutputErrors naming path and reason', () => {
  const { dir } = evidence();
  const expect = (path: string, reason: string, act: () => void) =>
    assert.throws(act, (error: unknown) => error instanceof OutputError && error.message === `cannot write ${path}: ${reason}`);
  expect(dir, 'is a folder', () => openOutput(dir));
  expect(join(dir, 'no', 'x'), 'no such file or folder', () => openOutput(join(dir, 'no', 'x')));
  expect('/dev/full', 'no space left on device', () => {
    const out = openOutput('/dev/full');
    out.writer.write('x');
    out.close();
  });
});

test('a message writer on a closed descriptor drops messages instead of throwing', () => {
  const messages = new MessageWriter(987_654);
  messages.write('first\n');
  messages.write('second\n');
});
