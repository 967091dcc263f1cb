/**
 * The hostile cases of the issue "Hostile logs must not blind the hunt", one per defect class:
 * each is a crafted EVTX file of ordinary activity (log.ts) holding a few crafted records, plus,
 * for the hostile-rule case, the rule file that goes with it.
 */
import {
  defineTemplate,
  element,
  encodeValue,
  normalSubstitution,
  text,
  VALUE_TYPE_CODE,
  type EventSpec,
  type InstanceValue,
  type TemplateNode,
} from '../evtxWriter/index.js';
import type { Program } from '../events/windows.js';
import type { Prng } from '../prng.js';
import { BOB, CMD_CMD, COMPUTER, EXPLORER_CMD, PROGRAMS } from './host.js';
import { layOut, LogBuilder, type LogEntry } from './log.js';
import { powershellScriptBlock } from './powershell.js';

export type HostileCaseName = 'eql-wildcard' | 'sigma-regex' | 'sigma-hostile-rule' | 'quadratic-decoding' | 'amplification';

export interface HostileCase {
  readonly name: HostileCaseName;
  readonly description: string;
  readonly entries: readonly LogEntry[];
  /** Rule files the case is hunted with besides the full SigmaHQ and Elastic sets: file name -> text. */
  readonly rules: ReadonlyMap<string, string>;
}

/** `fragment` repeated up to `length` characters (whole fragments only). */
function repeatTo(length: number, fragment: (i: number) => string): string {
  let out = '';
  for (let i = 0; out.length + fragment(i).length <= length; i++) out += fragment(i);
  return out;
}

function randomWord(prng: Prng, length: number): string {
  let word = '';
  for (let i = 0; i < length; i++) word += String.fromCharCode(97 + prng.int(0, 25));
  return word;
}

/** The EventData entry `name` of an event repeated `repeat` times in its Data element. */
function withRepeat(spec: EventSpec, name: string, repeat: number): EventSpec {
  return { ...spec, data: spec.data.map((entry) => (entry.name === name ? { ...entry, repeat } : entry)) };
}

/** A process start bob runs from a console (or explorer), with its command line crafted. */
function userStart(log: LogBuilder, program: Program, commandLine: string, fromExplorer: boolean, options: { sysmonOnly?: boolean } = {}) {
  return log.processStart(
    'hostile',
    {
      program,
      commandLine,
      parent: fromExplorer ? PROGRAMS.explorer : PROGRAMS.cmd,
      parentCommandLine: fromExplorer ? EXPLORER_CMD : CMD_CMD,
      account: BOB,
      integrity: 'Medium',
    },
    options,
  );
}

/**
 * (a) EQL wildcard backtracking. Fragments of the wildcard patterns of
 * elastic-detection-rules/rules/windows/execution_windows_cmd_shell_susp_args.toml (process.name
 * "cmd.exe"), repeated into 10 KB command lines that never complete the pattern:
 *   "*&& set *&& set *&& set *&& set *&& set *&& call*" (parent explorer.exe): `&& set v=x ` without `&& call`
 *   "*copy /b *\\\\* ping *-n*": `copy /b \\ ping ` without `-n`
 *   "*start *.pdf * start /min cmd.exe /c *\\\\*": `start .pdf  start /min cmd.exe /c ` without `\\`
 * 891 characters of the first used to cost 36 s; the file also has one such 891-character line.
 */
export const EQL_FRAGMENTS: readonly { readonly rule: string; readonly pattern: string; readonly fragment: (prng: Prng) => string }[] = [
  {
    rule: 'execution_windows_cmd_shell_susp_args.toml',
    pattern: '*&& set *&& set *&& set *&& set *&& set *&& call*',
    fragment: (prng) => `&& set ${randomWord(prng, 2)}=${prng.int(0, 9)} `,
  },
  { rule: 'execution_windows_cmd_shell_susp_args.toml', pattern: '*copy /b *\\\\* ping *-n*', fragment: () => 'copy /b \\\\ ping ' },
  {
    rule: 'execution_windows_cmd_shell_susp_args.toml',
    pattern: '*start *.pdf * start /min cmd.exe /c *\\\\*',
    fragment: (prng) => `start ${randomWord(prng, 3)}.pdf  start /min cmd.exe /c `,
  },
];

function eqlWildcard(seed: number): HostileCase {
  const makers: ((log: LogBuilder) => void)[] = [];
  for (const { fragment } of EQL_FRAGMENTS) {
    makers.push((log) => userStart(log, PROGRAMS.cmd, 'cmd.exe /c ' + repeatTo(10_240, () => fragment(log.prng)), true));
  }
  makers.push((log) =>
    userStart(
      log,
      PROGRAMS.cmd,
      'cmd.exe /c ' + repeatTo(880, () => (EQL_FRAGMENTS[0] as (typeof EQL_FRAGMENTS)[0]).fragment(log.prng)),
      true,
      { sysmonOnly: true },
    ),
  );
  return {
    name: 'eql-wildcard',
    description: 'cmd.exe starts with 10 KB command lines of repeated Elastic wildcard fragments (Sysmon 1 + 4688)',
    entries: layOut(seed, 400, makers),
    rules: new Map(),
  };
}

/**
 * (b) Sigma regex backtracking: values crafted against SigmaHQ `|re` patterns, 24 powershell.exe
 * starts (Sysmon 1) and 24 script blocks (PowerShell 4104):
 *   proc_creation_win_powershell_cmdline_special_characters.yml '\+.*\+...' (14) and '\{.*\{...' (10):
 *     a 1 MB command line of lines with 13 `+` and 9 `{` each (a 26,000-character value rendered 40 times)
 *   proc_creation_win_powershell_token_obfuscation.yml '\w+`(?:\w+|-|.)`[\w+|\s]': 128 KB of word characters
 *     (26,000 rendered 5 times)
 *   proc_creation_win_hktl_invoke_obfuscation_stdin.yml 'cmd.{0,5}(?:/c|/r).+powershell.+(?:\$\{?input\}?|noexit).+\"':
 *     `cmd /c powershell noexit ` repeated, no `"`
 *   proc_creation_win_hktl_invoke_obfuscation_via_use_clip.yml '(?i)echo.*clip.*&&.*(?:Clipboard|i`?n`?v`?o`?k`?e`?)':
 *     `echo clip && ` repeated
 *   posh_ps_invoke_obfuscation_via_stdin.yml '(?i)(set).*&&\s?set.*(environment|invoke|\$\{?input).*&&.*"':
 *     `set&&set invoke&&` repeated, no `"`
 *   posh_ps_invoke_obfuscation_stdin.yml, posh_ps_invoke_obfuscation_via_use_clip.yml: as their process_creation twins
 */
export const SIGMA_REGEX_TARGETS: readonly { readonly rule: string; readonly pattern: string }[] = [
  {
    rule: 'process_creation/proc_creation_win_powershell_cmdline_special_characters.yml',
    pattern: '\\+.*\\+.*\\+.*\\+.*\\+.*\\+.*\\+.*\\+.*\\+.*\\+.*\\+.*\\+.*\\+.*\\+',
  },
  {
    rule: 'process_creation/proc_creation_win_powershell_cmdline_special_characters.yml',
    pattern: '\\{.*\\{.*\\{.*\\{.*\\{.*\\{.*\\{.*\\{.*\\{.*\\{',
  },
  { rule: 'process_creation/proc_creation_win_powershell_token_obfuscation.yml', pattern: '\\w+`(?:\\w+|-|.)`[\\w+|\\s]' },
  {
    rule: 'process_creation/proc_creation_win_hktl_invoke_obfuscation_stdin.yml',
    pattern: 'cmd.{0,5}(?:/c|/r).+powershell.+(?:\\$\\{?input\\}?|noexit).+\\"',
  },
  {
    rule: 'process_creation/proc_creation_win_hktl_invoke_obfuscation_via_use_clip.yml',
    pattern: '(?i)echo.*clip.*&&.*(?:Clipboard|i`?n`?v`?o`?k`?e`?)',
  },
  {
    rule: 'powershell/powershell_script/posh_ps_invoke_obfuscation_via_stdin.yml',
    pattern: '(?i)(set).*&&\\s?set.*(environment|invoke|\\$\\{?input).*&&.*"',
  },
  {
    rule: 'powershell/powershell_script/posh_ps_invoke_obfuscation_stdin.yml',
    pattern: 'cmd.{0,5}(?:/c|/r).+powershell.+(?:\\$?\\{?input\\}?|noexit).+"',
  },
  {
    rule: 'powershell/powershell_script/posh_ps_invoke_obfuscation_via_use_clip.yml',
    pattern: '(?i)echo.*clip.*&&.*(Clipboard|i`?n`?v`?o`?k`?e`?)',
  },
];

/**
 * Stored values of the repeated command lines: a whole EventData fragment (one BinXML value) must
 * stay under 64 KB, so a larger value is one stored value rendered several times.
 */
export const SIGMA_VALUE_LENGTH = 26_000;
export const SIGMA_REPEATS = { specialCharacters: 40, wordRun: 5 } as const;

/** One line with 13 `+` and 9 `{`: one short of both special-character patterns. */
function specialCharactersLine(prng: Prng): string {
  const pieces = Array.from({ length: 14 }, () => `'${randomWord(prng, 2)}'`).join('+');
  const format = Array.from({ length: 9 }, (_, i) => `{${i}}`).join('');
  return `&(${pieces}) "${format}" -f ${randomWord(prng, 4)}\n`;
}

function sigmaRegex(seed: number): HostileCase {
  const powershell = PROGRAMS.powershell;
  const ps = `"${powershell.image}" -c `;
  const starts: ((log: LogBuilder) => void)[] = [
    // 4 x 1 MB (a 26,000-character value rendered 40 times).
    ...Array.from({ length: 4 }, () => (log: LogBuilder) => {
      userStart(
        log,
        powershell,
        repeatTo(SIGMA_VALUE_LENGTH, () => specialCharactersLine(log.prng)).padEnd(SIGMA_VALUE_LENGTH, ' '),
        false,
        { sysmonOnly: true },
      );
    }),
    // 10 x 128 KB of word characters (a 26,000-character value rendered 5 times).
    ...Array.from({ length: 10 }, () => (log: LogBuilder) => {
      userStart(log, powershell, 'A'.repeat(SIGMA_VALUE_LENGTH), false, { sysmonOnly: true });
    }),
    ...Array.from({ length: 5 }, () => (log: LogBuilder) => {
      userStart(log, powershell, ps + repeatTo(log.prng.int(8_000, 12_000), () => 'cmd /c powershell noexit '), false, {
        sysmonOnly: true,
      });
    }),
    ...Array.from({ length: 5 }, () => (log: LogBuilder) => {
      userStart(log, powershell, ps + repeatTo(log.prng.int(8_000, 12_000), () => 'echo clip && '), false, { sysmonOnly: true });
    }),
  ];
  const blocks: ((log: LogBuilder) => void)[] = ['set&&set invoke&&', 'cmd /c powershell noexit ', 'echo clip && '].flatMap((fragment) =>
    Array.from(
      { length: 8 },
      () => (log: LogBuilder) =>
        scriptBlock(
          log,
          repeatTo(log.prng.int(8_000, 12_000), () => fragment),
        ),
    ),
  );
  // Interleave starts and blocks; the repeats are applied afterwards to the Sysmon 1 records.
  const makers = starts.flatMap((start, i) => [start, blocks[i] as (log: LogBuilder) => void]);
  const entries = layOut(seed, 400, makers).map((entry) => {
    if (entry.role !== 'hostile' || 'kind' in entry.spec || entry.spec.eventId !== 1) return entry;
    const commandLine = entry.spec.data.find((d) => d.name === 'CommandLine')?.value;
    const value = commandLine?.type === 'string' ? commandLine.value : '';
    if (value.length !== SIGMA_VALUE_LENGTH) return entry;
    return {
      ...entry,
      spec: withRepeat(entry.spec, 'CommandLine', value.startsWith('A') ? SIGMA_REPEATS.wordRun : SIGMA_REPEATS.specialCharacters),
    };
  });
  return {
    name: 'sigma-regex',
    description: '48 PowerShell starts (Sysmon 1) and script blocks (4104) crafted against SigmaHQ |re patterns (up to 1 MB values)',
    entries,
    rules: new Map(),
  };
}

function scriptBlock(log: LogBuilder, body: string): void {
  const time = log.tick();
  const prng = log.prng;
  const id = `${randomHex(prng, 8)}-${randomHex(prng, 4)}-${randomHex(prng, 4)}-${randomHex(prng, 4)}-${randomHex(prng, 12)}`;
  log.add(
    'hostile',
    powershellScriptBlock(
      { computer: COMPUTER, timeCreated: new Date(time), processId: prng.int(600, 14000) & ~3, threadId: prng.int(600, 14000) & ~3 },
      BOB,
      {
        text: body,
        scriptBlockId: id,
        path: '',
        messageNumber: 1,
        messageTotal: 1,
        suspicious: true,
      },
    ),
  );
}

function randomHex(prng: Prng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += '0123456789abcdef'[prng.int(0, 15)];
  return out;
}

/** A rule author's own catastrophic pattern, written beside the crafted file. */
export const HOSTILE_RULE_FILE = 'hostile_rule_nested_quantifier.yml';
export const HOSTILE_RULE = `title: Hostile Rule With A Nested Quantifier
id: 5b0f8f0e-3c59-4d6b-9a3e-0d5f1c7a9e41
status: experimental
description: A rule whose own regular expression backtracks exponentially ('^(a+)+$' on 41 'a' and a non-matching character)
author: hunt dev/hostile
date: 2026-12-02
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        CommandLine|re: '^(a+)+$'
    condition: selection
level: low
`;

function sigmaHostileRule(seed: number): HostileCase {
  const makers = [0, 1].map((i) => (log: LogBuilder) => {
    userStart(log, PROGRAMS.cmd, 'a'.repeat(41 + i * 7) + '!', false, { sysmonOnly: true });
  });
  return {
    name: 'sigma-hostile-rule',
    description: `a rule with '^(a+)+$' (${HOSTILE_RULE_FILE}) and Sysmon 1 command lines of 41+ 'a' then '!'`,
    entries: layOut(seed, 150, makers),
    rules: new Map([[HOSTILE_RULE_FILE, HOSTILE_RULE]]),
  };
}

/** (c) Quadratic decoding: the shape of the crafted template. */
export const QUADRATIC = { substitutions: 8000, records: 420 } as const;

/**
 * One template whose EventData holds QUADRATIC.substitutions substitutions of the same value,
 * each an unnamed item (all of them under the name "Data"), and System as literal text (a Sysmon
 * process creation); each record is an instance with one short value: about 56 bytes a record.
 */
export function quadraticTemplate(substitutions: number) {
  const literal = (name: string, value: string) => element(name, [], [text(value)]);
  const system = element(
    'System',
    [],
    [
      element(
        'Provider',
        [
          { name: 'Name', value: text('Microsoft-Windows-Sysmon') },
          { name: 'Guid', value: text('{5770385F-C22A-43E0-BF4C-06F5698FFBD9}') },
        ],
        [],
      ),
      literal('EventID', '1'),
      literal('Version', '5'),
      literal('Level', '4'),
      literal('Task', '1'),
      literal('Opcode', '0'),
      literal('Keywords', '0x8000000000000000'),
      element('TimeCreated', [{ name: 'SystemTime', value: text('2024-04-08T08:30:00.0000000Z') }], []),
      literal('Channel', 'Microsoft-Windows-Sysmon/Operational'),
      literal('Computer', COMPUTER),
    ],
  );
  const data = new Array<TemplateNode>(substitutions).fill(normalSubstitution(0, VALUE_TYPE_CODE.string));
  const event = element(
    'Event',
    [{ name: 'xmlns', value: text('http://schemas.microsoft.com/win/2004/08/events/event') }],
    [system, element('EventData', [], data)],
  );
  return defineTemplate(`hostile-quadratic\0${substitutions}`, event);
}

function quadraticDecoding(seed: number): HostileCase {
  const template = quadraticTemplate(QUADRATIC.substitutions);
  // Planted hits first (Sysmon 1 and 4688 each), in the same chunk as the crafted records.
  const log = new LogBuilder(seed);
  for (let i = 0; i < 2; i++) log.planted();
  for (let i = 0; i < QUADRATIC.records; i++) {
    const value: InstanceValue = {
      typeCode: VALUE_TYPE_CODE.string,
      bytes: encodeValue({ type: 'string', value: randomWord(log.prng, 1) }, 'quadratic-decoding'),
    };
    log.add('hostile', { kind: 'raw', timeCreated: new Date(log.tick()), template, values: [value] });
  }
  return {
    name: 'quadratic-decoding',
    description: `one chunk: a template of ${QUADRATIC.substitutions} substitutions (all items named "Data") over ${QUADRATIC.records} tiny records`,
    entries: log.finish(),
    rules: new Map(),
  };
}

/** (d) Amplification: a 2,000-character value substituted 5,000 times in one element (10 MB). */
export const AMPLIFICATION = { valueLength: 2000, repeat: 5000 } as const;

function amplification(seed: number): HostileCase {
  const maker = (log: LogBuilder) => {
    const prng = log.prng;
    const value = repeatTo(AMPLIFICATION.valueLength, () => `${randomWord(prng, 6)}=${prng.int(0, 999)} `).padEnd(
      AMPLIFICATION.valueLength,
      'x',
    );
    userStart(log, PROGRAMS.cmd, value, false, { sysmonOnly: true });
  };
  const entries = layOut(seed, 100, [maker]).map((entry) =>
    entry.role === 'hostile' && !('kind' in entry.spec)
      ? { ...entry, spec: withRepeat(entry.spec, 'CommandLine', AMPLIFICATION.repeat) }
      : entry,
  );
  return {
    name: 'amplification',
    description: `one Data element substituting a ${AMPLIFICATION.valueLength}-character value ${AMPLIFICATION.repeat} times (a 10 MB command line)`,
    entries,
    rules: new Map(),
  };
}

export const HOSTILE_CASES: Readonly<Record<HostileCaseName, (seed: number) => HostileCase>> = {
  'eql-wildcard': eqlWildcard,
  'sigma-regex': sigmaRegex,
  'sigma-hostile-rule': sigmaHostileRule,
  'quadratic-decoding': quadraticDecoding,
  amplification,
};
