/**
 * Regenerates the bundled sample logs in samples/: a Security log and a Sysmon log of one
 * workstation's morning (./samples/scenario.ts) holding the bundled rules' intended hits and
 * near-misses (./samples/catalogue.ts), and the README that lists them (./samples/readme.ts).
 * Run: npm run samples
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeEvtx } from '../dev/evtxWriter/index.js';
import { samplesReadme } from './samples/readme.js';
import { sampleLogs } from './samples/scenario.js';

const SAMPLES_DIR = fileURLToPath(new URL('../../samples/', import.meta.url));

/** The contents of samples/, by file name. */
export function buildSamples(): Map<string, Buffer> {
  const { Security: security, Sysmon: sysmon } = sampleLogs();
  const counts = { Security: security.events.length, Sysmon: sysmon.events.length };
  return new Map([
    ['Security.evtx', writeEvtx(security.events)],
    ['Microsoft-Windows-Sysmon%4Operational.evtx', writeEvtx(sysmon.events)],
    ['README.md', Buffer.from(samplesReadme([...security.listed, ...sysmon.listed], counts))],
  ]);
}

function main(): void {
  mkdirSync(SAMPLES_DIR, { recursive: true });
  for (const [name, content] of buildSamples()) writeFileSync(`${SAMPLES_DIR}${name}`, content);
  process.stdout.write(`wrote samples to ${SAMPLES_DIR}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
