/** Every value modifier, with the traps the rules rely on. */
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { test } from 'node:test';
import { matchesFields, selectionRule } from './helpers.js';
import { isInvalid, isUnsupported } from '../ruleProblems.js';

test('contains, startswith, endswith', () => {
  const contains = selectionRule('CommandLine|contains', `'/delete'`);
  assert.equal(matchesFields(contains, { CommandLine: 'net share x /DELETE /y' }), true);
  assert.equal(matchesFields(contains, { CommandLine: 'net share x /del' }), false);
  const starts = selectionRule('CommandLine|startswith', `'net '`);
  assert.equal(matchesFields(starts, { CommandLine: 'NET use' }), true);
  assert.equal(matchesFields(starts, { CommandLine: 'cmd /c net use' }), false);
});

test(String.raw`endswith '\net.exe' does not match cabinet.exe`, () => {
  const rule = selectionRule('Image|endswith', String.raw`['\net.exe', '\net1.exe']`);
  assert.equal(matchesFields(rule, { Image: String.raw`C:\Windows\System32\net.exe` }), true);
  assert.equal(matchesFields(rule, { Image: String.raw`C:\Windows\System32\NET1.EXE` }), true);
  assert.equal(matchesFields(rule, { Image: String.raw`C:\Tools\cabinet.exe` }), false);
  assert.equal(matchesFields(rule, { Image: 'net.exe' }), false);
});

test('wildcards keep working inside contains/startswith/endswith values', () => {
  const rule = selectionRule('CommandLine|contains', `'invoke-*expression'`);
  assert.equal(matchesFields(rule, { CommandLine: 'x; Invoke-SomeExpression y' }), true);
  assert.equal(matchesFields(rule, { CommandLine: 'expression invoke-' }), false);
  const question = selectionRule('CommandLine|endswith', `'.ps?'`);
  assert.equal(matchesFields(question, { CommandLine: 'a.PS1' }), true);
  assert.equal(matchesFields(question, { CommandLine: 'a.ps12' }), false);
});

test('all: every value of the list must match', () => {
  const rule = selectionRule('CommandLine|contains|all', `['share', '/delete']`);
  assert.equal(matchesFields(rule, { CommandLine: 'net share Z: /delete' }), true);
  assert.equal(matchesFields(rule, { CommandLine: 'net share Z:' }), false);
  assert.equal(matchesFields(rule, { CommandLine: 'net use /delete' }), false);
  const exact = selectionRule('Image|all', `['a', 'A']`);
  assert.equal(matchesFields(exact, { Image: 'a' }), true);
});

test('windash: all five dash characters at a word start', () => {
  const rule = selectionRule('CommandLine|contains|windash', `' -param-name '`);
  for (const dash of ['-', '/', '\u2013', '\u2014', '\u2015']) {
    assert.equal(matchesFields(rule, { CommandLine: `tool ${dash}param-name x` }), true, dash);
  }
  assert.equal(matchesFields(rule, { CommandLine: 'tool /param/name x' }), false, 'inner dash is not expanded');
  assert.equal(matchesFields(rule, { CommandLine: 'tool \u2013param\u2013name x' }), false);
  assert.equal(matchesFields(rule, { CommandLine: 'tool +param-name x' }), false);
});

test('windash: a dash after a word character stays as it is', () => {
  const rule = selectionRule('CommandLine|windash', `'a-b'`);
  assert.equal(matchesFields(rule, { CommandLine: 'a-b' }), true);
  assert.equal(matchesFields(rule, { CommandLine: 'a/b' }), false);
  const leading = selectionRule('CommandLine|windash', `'-enc'`);
  assert.equal(matchesFields(leading, { CommandLine: '/enc' }), true);
  const ending = selectionRule('CommandLine|endswith|windash', `' -s'`);
  assert.equal(matchesFields(ending, { CommandLine: 'shutdown \u2014s' }), true);
  assert.equal(matchesFields(ending, { CommandLine: 'shutdown \u2014s x' }), false);
});

test('windash: the dash and the text around it stay one literal', () => {
  const leading = selectionRule('CommandLine|windash', `'-enc'`);
  assert.equal(matchesFields(leading, { CommandLine: '-xyzenc' }), false);
  const contains = selectionRule('CommandLine|contains|windash', `'-s'`);
  assert.equal(matchesFields(contains, { CommandLine: 'cmd.exe /c dir C:\\Users\\alice\\Documents' }), false);
  assert.equal(matchesFields(contains, { CommandLine: 'cmd.exe /c dir /s C:\\Users' }), true);
  const spaced = selectionRule('CommandLine|contains|windash', `' -enc '`);
  assert.equal(matchesFields(spaced, { CommandLine: 'x y-z encoded enc xx' }), false);
  const ending = selectionRule('CommandLine|endswith|windash', `' -f'`);
  assert.equal(matchesFields(ending, { CommandLine: 'a b-cf' }), false);
  assert.equal(matchesFields(ending, { CommandLine: 'a b /f' }), true);
});

test('windash with many dashes (regex fallback) keeps every position independent', () => {
  const rule = selectionRule('CommandLine|contains|windash', `' -a -b -c'`);
  assert.equal(matchesFields(rule, { CommandLine: 'x /a \u2013b \u2015c' }), true);
  assert.equal(matchesFields(rule, { CommandLine: 'x -a -b -c' }), true);
  assert.equal(matchesFields(rule, { CommandLine: 'x -a +b -c' }), false);
  assert.equal(matchesFields(rule, { CommandLine: 'x -A -B -C' }), true, 'still case-insensitive');
});

test('base64 and base64|contains', () => {
  const rule = selectionRule('CommandLine|base64|contains', `'cmd'`);
  assert.equal(matchesFields(rule, { CommandLine: 'echo Y21k | base64 -d' }), true);
  assert.equal(matchesFields(rule, { CommandLine: 'echo cmd' }), false);
});

test('base64offset gives the three encodings at offsets 0, 1 and 2', () => {
  const rule = selectionRule('Payload|base64offset', `'foobar'`);
  for (const encoding of ['Zm9vYmFy', 'Zvb2Jhc', 'mb29iYX']) {
    assert.equal(matchesFields(rule, { Payload: encoding }), true, encoding);
  }
  assert.equal(matchesFields(rule, { Payload: 'Zm9vYmF' }), false);
});

test('base64offset|contains finds the value at any position of a base64 text', () => {
  const rule = selectionRule('CommandLine|base64offset|contains', `'Invoke-Mimikatz'`);
  for (let prefix = 0; prefix < 6; prefix++) {
    const encoded = Buffer.from(`${'x'.repeat(prefix)}Invoke-Mimikatz -Command`).toString('base64');
    assert.equal(matchesFields(rule, { CommandLine: `powershell -e ${encoded}` }), true, `prefix ${prefix}`);
  }
  const other = Buffer.from('Invoke-Mimikaty').toString('base64');
  assert.equal(matchesFields(rule, { CommandLine: `powershell -e ${other}` }), false);
});

test('wide|base64offset|contains finds UTF-16LE encoded text', () => {
  const rule = selectionRule('CommandLine|wide|base64offset|contains', `'IEX (New-Object Net.WebClient)'`);
  for (let prefix = 0; prefix < 3; prefix++) {
    const encoded = Buffer.from(`${'$'.repeat(prefix)}IEX (New-Object Net.WebClient).DownloadString(x)`, 'utf16le').toString('base64');
    assert.equal(matchesFields(rule, { CommandLine: `powershell -enc ${encoded}` }), true, `prefix ${prefix}`);
  }
  const utf8 = Buffer.from('IEX (New-Object Net.WebClient)').toString('base64');
  assert.equal(matchesFields(rule, { CommandLine: `powershell -enc ${utf8}` }), false);
});

test('utf16 encodings: utf16le/wide, utf16be, utf16 with byte order mark', () => {
  const cases: [string, string][] = [
    ['utf16le', 'YwBtAGQA'],
    ['wide', 'YwBtAGQA'],
    ['utf16be', 'AGMAbQBk'],
    ['utf16', '//5jAG0AZAA='],
  ];
  for (const [modifier, encoded] of cases) {
    const rule = selectionRule(`Payload|${modifier}|base64`, `'cmd'`);
    assert.equal(matchesFields(rule, { Payload: encoded }), true, modifier);
    assert.equal(matchesFields(rule, { Payload: 'Y21k' }), false, modifier);
  }
});

test('a utf16 value without base64 is unsupported', () => {
  assert.throws(() => selectionRule('Payload|wide', `'cmd'`), isUnsupported);
});

test('base64 of a value with wildcards is invalid', () => {
  assert.throws(() => selectionRule('Payload|base64', `'cmd*'`), isInvalid);
});

test('re is case-sensitive and unanchored; i, m, s set flags', () => {
  const rule = selectionRule('CommandLine|re', String.raw`'\s-[eE]nc\s'`);
  assert.equal(matchesFields(rule, { CommandLine: 'powershell -Enc AAAA' }), true);
  assert.equal(matchesFields(rule, { CommandLine: 'powershell -ENC AAAA' }), false);
  const insensitive = selectionRule('CommandLine|re|i', `'-enc '`);
  assert.equal(matchesFields(insensitive, { CommandLine: 'powershell -ENC AAAA' }), true);
  const multiline = selectionRule('Text|re|m', `'^second$'`);
  assert.equal(matchesFields(multiline, { Text: 'first\nsecond\nthird' }), true);
  assert.equal(matchesFields(selectionRule('Text|re', `'^second$'`), { Text: 'first\nsecond' }), false);
  const dotAll = selectionRule('Text|re|s', `'a.b'`);
  assert.equal(matchesFields(dotAll, { Text: 'a\nb' }), true);
  assert.equal(matchesFields(selectionRule('Text|re', `'a.b'`), { Text: 'a\nb' }), false);
});

test('re: a leading (?i) becomes a flag; PCRE-only constructs are unsupported', () => {
  const rule = selectionRule('CommandLine|re', `'(?i)invoke-expression'`);
  assert.equal(matchesFields(rule, { CommandLine: 'INVOKE-EXPRESSION x' }), true);
  const named = selectionRule('CommandLine|re', `'(?P<word>ab)c'`);
  assert.equal(matchesFields(named, { CommandLine: 'xabc' }), true);
  assert.equal(matchesFields(named, { CommandLine: 'abxc' }), false);
  const anchors = selectionRule('CommandLine|re', String.raw`'\Aab\z'`);
  assert.equal(matchesFields(anchors, { CommandLine: 'ab' }), true);
  assert.equal(matchesFields(anchors, { CommandLine: 'xab' }), false);
  const beforeFinalNewline = selectionRule('CommandLine|re', String.raw`'ab\Z'`);
  assert.equal(matchesFields(beforeFinalNewline, { CommandLine: 'xab\n' }), true);
  assert.equal(matchesFields(beforeFinalNewline, { CommandLine: 'ab\nx' }), false);
  // Backreferences and lookaround have no linear-time form: such a rule is skipped, not run slowly.
  for (const pattern of [`'(?P<word>ab)c(?P=word)'`, String.raw`'(a)\1'`, `'a(?=b)'`, `'(?<!a)b'`, String.raw`'a\Zb'`]) {
    assert.throws(() => selectionRule('CommandLine|re', pattern), isUnsupported, pattern);
  }
  const posix = selectionRule('CommandLine|re', `'^[[:digit:]]+$'`);
  assert.equal(matchesFields(posix, { CommandLine: '123' }), true);
  for (const pattern of [`'a++b'`, `'(?>ab)'`, `'a(?i)b'`, `'a{2}+'`, String.raw`'\Gx'`]) {
    assert.throws(() => selectionRule('CommandLine|re', pattern), isUnsupported, pattern);
  }
});

test('re must be the first modifier', () => {
  assert.throws(() => selectionRule('CommandLine|contains|re', `'a'`), isInvalid);
});

test('cidr matches IPv4 and IPv6 networks', () => {
  const v4 = selectionRule('DestinationIp|cidr', `['10.0.0.0/8', '192.168.1.7/32']`);
  assert.equal(matchesFields(v4, { DestinationIp: '10.200.3.4' }), true);
  assert.equal(matchesFields(v4, { DestinationIp: '192.168.1.7' }), true);
  assert.equal(matchesFields(v4, { DestinationIp: '192.168.1.8' }), false);
  assert.equal(matchesFields(v4, { DestinationIp: '11.0.0.1' }), false);
  assert.equal(matchesFields(v4, { DestinationIp: 'not an address' }), false);
  const v6 = selectionRule('DestinationIp|cidr', `['fe80::/10', '::1/128', '2001:db8::/32']`);
  assert.equal(matchesFields(v6, { DestinationIp: 'fe80::1ff:fe23:4567:890a%12' }), true);
  assert.equal(matchesFields(v6, { DestinationIp: '::1' }), true);
  assert.equal(matchesFields(v6, { DestinationIp: '2001:DB8:0:0:8:800:200C:417A' }), true);
  assert.equal(matchesFields(v6, { DestinationIp: '2001:db9::1' }), false);
  assert.equal(matchesFields(v6, { DestinationIp: '10.0.0.1' }), false);
  // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is an IPv4 peer.
  assert.equal(matchesFields(v4, { DestinationIp: '::ffff:10.1.2.3' }), true);
  assert.throws(() => selectionRule('DestinationIp|cidr', `'10.0.0.0/33'`), isInvalid);
});

test('exists: true requires the field, false its absence, whatever the value', () => {
  const present = selectionRule('Hashes|exists', 'true');
  assert.equal(matchesFields(present, { Hashes: '' }), true);
  assert.equal(matchesFields(present, {}), false);
  const absent = selectionRule('Hashes|exists', 'false');
  assert.equal(matchesFields(absent, {}), true);
  assert.equal(matchesFields(absent, { Hashes: 'x' }), false);
});

test('fieldref compares with another field, also with startswith/endswith/contains', () => {
  const equal = selectionRule('User|fieldref', 'ParentUser');
  assert.equal(matchesFields(equal, { User: 'CORP\\alice', ParentUser: 'corp\\ALICE' }), true);
  assert.equal(matchesFields(equal, { User: 'CORP\\alice', ParentUser: 'CORP\\bob' }), false);
  assert.equal(matchesFields(equal, { User: 'CORP\\alice' }), false);
  const starts = selectionRule('CommandLine|fieldref|startswith', 'Image');
  assert.equal(matchesFields(starts, { CommandLine: 'C:\\a.exe -x', Image: 'C:\\A.EXE' }), true);
  assert.equal(matchesFields(starts, { CommandLine: '"C:\\a.exe" -x', Image: 'C:\\a.exe' }), false);
  const ends = selectionRule('TargetFilename|fieldref|endswith', 'Name');
  assert.equal(matchesFields(ends, { TargetFilename: 'C:\\x\\evil.dll', Name: 'evil.dll' }), true);
  const contains = selectionRule('CommandLine|fieldref|contains', 'Name');
  assert.equal(matchesFields(contains, { CommandLine: 'run evil.dll now', Name: 'EVIL.DLL' }), true);
  assert.equal(matchesFields(contains, { CommandLine: 'run good.dll now', Name: 'EVIL.DLL' }), false);
});

test('fieldref|cased compares case-sensitively', () => {
  const rule = selectionRule('User|fieldref|cased', 'ParentUser');
  assert.equal(matchesFields(rule, { User: 'alice', ParentUser: 'alice' }), true);
  assert.equal(matchesFields(rule, { User: 'alice', ParentUser: 'Alice' }), false);
});

test('gt, gte, lt, lte compare numbers', () => {
  const cases: [string, number, boolean][] = [
    ['gt', 10, false],
    ['gt', 11, true],
    ['gte', 10, true],
    ['gte', 9, false],
    ['lt', 10, false],
    ['lt', 9, true],
    ['lte', 10, true],
    ['lte', 11, false],
  ];
  for (const [modifier, value, expected] of cases) {
    const rule = selectionRule(`Count|${modifier}`, '10');
    assert.equal(matchesFields(rule, { Count: value }), expected, `${value} ${modifier} 10`);
    assert.equal(matchesFields(rule, { Count: String(value) }), expected, `'${value}' ${modifier} 10`);
  }
  assert.equal(matchesFields(selectionRule('Count|gt', '10'), { Count: 'many' }), false);
  assert.equal(matchesFields(selectionRule('Count|gt', '10'), { Count: '' }), false);
  assert.throws(() => selectionRule('Count|gt', `'ten'`), isInvalid);
});

test('cased makes string matching case-sensitive', () => {
  const rule = selectionRule('CommandLine|contains|cased', `'FromBase64String'`);
  assert.equal(matchesFields(rule, { CommandLine: '[Convert]::FromBase64String(x)' }), true);
  assert.equal(matchesFields(rule, { CommandLine: '[convert]::frombase64string(x)' }), false);
});

test('neq matches when the field differs from every value, or is absent', () => {
  const rule = selectionRule('IntegrityLevel|neq', `['System', 'High']`);
  assert.equal(matchesFields(rule, { IntegrityLevel: 'Medium' }), true);
  assert.equal(matchesFields(rule, { IntegrityLevel: 'system' }), false);
  assert.equal(matchesFields(rule, { IntegrityLevel: 'High' }), false);
  assert.equal(matchesFields(rule, {}), true);
  const reference = selectionRule('User|fieldref|neq', 'ParentUser');
  assert.equal(matchesFields(reference, { User: 'a', ParentUser: 'b' }), true);
  assert.equal(matchesFields(reference, { User: 'a', ParentUser: 'A' }), false);
});

test('expand: placeholders need configured values', () => {
  assert.throws(
    () => selectionRule('CommandLine|contains|expand', `'%userdomain%'`),
    (error: unknown) => isUnsupported(error) && error.reason.includes('%userdomain%'),
  );
  const rule = selectionRule('Workstation|expand', `'%Workstations%'`, { placeholders: { Workstations: ['ws-*', 'laptop1'] } });
  assert.equal(matchesFields(rule, { Workstation: 'WS-042' }), true);
  assert.equal(matchesFields(rule, { Workstation: 'laptop1' }), true);
  assert.equal(matchesFields(rule, { Workstation: 'srv-1' }), false);
  const mixed = selectionRule('CommandLine|contains|expand', String.raw`'\%plain %domain%'`, {
    placeholders: { domain: ['corp'] },
  });
  assert.equal(matchesFields(mixed, { CommandLine: 'x %plain corp y' }), true);
  const literal = selectionRule('CommandLine|contains', `'%domain%'`);
  assert.equal(matchesFields(literal, { CommandLine: 'echo %DOMAIN%' }), true, 'without expand it is literal');
});

test('time modifiers read parts of a timestamp field', () => {
  const fields = { UtcTime: '2024-12-30 23:05:09.123' };
  assert.equal(matchesFields(selectionRule('UtcTime|hour', '23'), fields), true);
  assert.equal(matchesFields(selectionRule('UtcTime|minute', '5'), fields), true);
  assert.equal(matchesFields(selectionRule('UtcTime|day', '30'), fields), true);
  assert.equal(matchesFields(selectionRule('UtcTime|month', '12'), fields), true);
  assert.equal(matchesFields(selectionRule('UtcTime|year', '2024'), fields), true);
  assert.equal(matchesFields(selectionRule('UtcTime|week', '1'), fields), true, '2024-12-30 is in ISO week 1 of 2025');
  assert.equal(matchesFields(selectionRule('UtcTime|hour', '[0, 1, 2]'), fields), false);
  assert.equal(matchesFields(selectionRule('SystemTime|hour', '14'), { SystemTime: '2024-03-05T14:07:09.1234567Z' }), true);
  assert.equal(matchesFields(selectionRule('UtcTime|hour', '23'), { UtcTime: 'yesterday' }), false);
});

test('unknown modifiers are invalid', () => {
  assert.throws(
    () => selectionRule('CommandLine|contain', `'x'`),
    (error: unknown) => isInvalid(error) && error.reason.includes("unknown modifier 'contain'"),
  );
});
