import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Hit } from '../../src/hunt/hit.js';
import { createHitWriter, TABLE_CELL_MAX, type OutputFormat } from '../../src/output/formats.js';

function hit(recordId: number, commandLine: string, overrides: Partial<Hit> = {}): Hit {
  return {
    rule: { id: 'r1', title: 'Rule One', level: 'high', source: 'sigma', file: 'r.yml', tags: [], references: [], falsepositives: [] },
    file: 'logs/a.evtx',
    recordId,
    recovered: false,
    timestamp: `2024-05-01T09:00:${String(recordId).padStart(2, '0')}Z`,
    eventId: 1,
    channel: 'Microsoft-Windows-Sysmon/Operational',
    computer: 'WS01.corp.local',
    process: { source: 'sysmon', image: 'C:\\net.exe', commandLine, user: 'CORP\\alice' } as unknown as Hit['process'],
    details: [['CommandLine', commandLine]],
    eventData: {},
    ...overrides,
  };
}

/** A hit whose formatting throws, as a value from a broken reader might. */
function brokenHit(recordId: number): Hit {
  const base = hit(recordId, 'x');
  return Object.defineProperty({ ...base }, 'process', {
    get() {
      throw new RangeError('Maximum call stack size exceeded');
    },
  });
}

function run(format: OutputFormat, hits: readonly Hit[]): { text: string; errors: string[] } {
  let text = '';
  const errors: string[] = [];
  const writer = createHitWriter(format, { write: (t) => (text += t) }, { width: 160, full: false, colour: false }, (h, error) =>
    errors.push(`${h.file} #${h.recordId}: ${String(error)}`),
  );
  for (const h of hits) writer.write(h);
  writer.end();
  return { text, errors };
}

test('a hit that cannot be formatted is reported by file and record; every other hit is printed', () => {
  for (const format of ['table', 'jsonl', 'json', 'csv'] as const) {
    const { text, errors } = run(format, [hit(1, 'first'), brokenHit(2), hit(3, 'third')]);
    assert.deepEqual(errors, ['logs/a.evtx #2: RangeError: Maximum call stack size exceeded'], format);
    assert.ok(text.includes('first') && text.includes('third'), format);
    if (format === 'json') assert.equal((JSON.parse(text) as unknown[]).length, 2);
  }
});

test('table cells are cut to TABLE_CELL_MAX characters; JSONL keeps the whole value', () => {
  const long = 'x'.repeat(50_000);
  const table = run('table', [hit(1, long), hit(2, 'short')]).text;
  assert.match(table.replace(/[│ ]*\n[│ ]*/g, ''), new RegExp(`…\\(${50_000 - TABLE_CELL_MAX} ?more ?characters\\)`));
  assert.ok((table.replace(/net\.exe/g, '').match(/x/g) ?? []).length <= TABLE_CELL_MAX);
  assert.ok(table.includes('short'));
  const jsonl = run('jsonl', [hit(1, long)]).text;
  assert.equal((JSON.parse(jsonl) as { process: { command_line: string } }).process.command_line, long);
});
