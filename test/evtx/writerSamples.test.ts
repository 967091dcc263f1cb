import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSamples } from '../../scripts/makeSamples.js';
import { LIBEVTX, type OracleRecord } from '../support/evtxOracles.js';
import { promisedSampleHits } from '../support/sampleHits.js';
import { REPO_ROOT } from '../support/sharedData.js';

const SAMPLES_DIR = join(REPO_ROOT, 'samples');
const LOG_FILES = { Security: 'Security.evtx', Sysmon: 'Microsoft-Windows-Sysmon%4Operational.evtx' } as const;
type Log = keyof typeof LOG_FILES;
const UNMOUNT = 'Unmount Share Via Net.EXE';
const MOUNT = 'Mounting Hidden or WebDav Remote Shares';

test('the committed samples are what scripts/makeSamples.ts generates', () => {
  for (const [name, content] of buildSamples()) {
    assert.ok(readFileSync(join(SAMPLES_DIR, name)).equals(content), `samples/${name} is stale: run npm run samples`);
  }
});

/** Windows command-line splitting, enough for these samples: whitespace outside double quotes. */
function splitArguments(commandLine: string): string[] {
  return [...commandLine.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? (match[2] as string));
}

/** Wildcard match as EQL's `:` does it: case-insensitive, `*` for any run. */
function wildcard(pattern: string, text: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'is').test(text);
}

/** The two seed rules, restated independently of src/rules, over one process start. */
function ruleHits(fields: ReadonlyMap<string, string>): string[] {
  const image = (fields.get('Image') ?? fields.get('NewProcessName') ?? '').toLowerCase();
  const name = image.slice(image.lastIndexOf('\\') + 1);
  const original = (fields.get('OriginalFileName') ?? '').toLowerCase();
  const parentImage = (fields.get('ParentImage') ?? fields.get('ParentProcessName') ?? '').toLowerCase();
  const commandLine = fields.get('CommandLine') ?? '';
  const args = splitArguments(commandLine);
  const hits: string[] = [];
  const isNet = name === 'net.exe' || original === 'net.exe';
  const isNet1 = name === 'net1.exe' || original === 'net1.exe';
  const lower = commandLine.toLowerCase();
  if ((isNet || isNet1) && lower.includes('share') && lower.includes('/delete')) hits.push(UNMOUNT);
  const mounts =
    (isNet || (isNet1 && !parentImage.endsWith('\\net.exe'))) &&
    args.some((arg) => wildcard('use', arg)) &&
    args.some((arg) => ['\\\\*\\*$*', '\\\\*@SSL\\*', 'http*'].some((pattern) => wildcard(pattern, arg))) &&
    !args.some((arg) => wildcard('/d*', arg));
  if (mounts) hits.push(MOUNT);
  return hits;
}

function isProcessStart(log: Log, record: OracleRecord): boolean {
  return log === 'Security' ? record.eventId === '4688' : record.eventId === '1';
}

test('the README lists exactly the records the two bundled rules match', { skip: LIBEVTX.unavailable }, () => {
  const found = new Set<string>();
  for (const [log, file] of Object.entries(LOG_FILES) as Array<[Log, string]>) {
    const records = LIBEVTX.read(join(SAMPLES_DIR, file));
    assert.ok(records.length > 1500, `${file}: ${records.length} records`);
    for (const record of records.filter((candidate) => isProcessStart(log, candidate))) {
      const fields = new Map(record.data.map((data) => [data.name, data.text]));
      for (const rule of ruleHits(fields)) found.add(`${log} ${record.eventRecordId} ${rule}`);
    }
  }
  assert.deepEqual([...found].sort(), [...promisedSampleHits()].sort());
  assert.ok(found.size >= 15);
});
