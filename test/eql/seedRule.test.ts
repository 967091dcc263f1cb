import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FieldValue } from '../../src/events/types.js';
import { loadElasticRuleFile } from '../../src/rules/eql/index.js';
import { ecsEvent, repoRoot } from './helpers.js';

const RULE_FILE = join(repoRoot, 'rules/elastic/mounting_hidden_or_webdav_remote_shares.toml');
const loaded = loadElasticRuleFile(RULE_FILE);
const rule = loaded.rules[0]!;

function netStart(fields: Readonly<Record<string, FieldValue>>): Readonly<Record<string, FieldValue>> {
  return { 'event.type': 'start', 'host.os.type': 'windows', 'process.name': 'net.exe', ...fields };
}

function fires(fields: Readonly<Record<string, FieldValue>>): boolean {
  const event = ecsEvent(netStart(fields));
  return rule.appliesTo(event) && rule.matches(event);
}

test('bundled rule loads with its metadata', () => {
  assert.equal(loaded.skipped.length, 0);
  assert.equal(loaded.rules.length, 1);
  assert.equal(rule.meta.id, 'c4210e1c-64f2-4f48-b67e-b5a8ffe3aa14');
  assert.equal(rule.meta.title, 'Mounting Hidden or WebDav Remote Shares');
  assert.equal(rule.meta.level, 'medium');
  assert.equal(rule.meta.riskScore, 47);
  assert.equal(rule.meta.source, 'eql');
  assert.equal(rule.meta.author, 'Elastic');
  assert.deepEqual(rule.meta.tags, [
    'attack.lateral_movement',
    'attack.t1021',
    'attack.t1021.002',
    'attack.initial_access',
    'attack.t1078',
    'attack.t1078.003',
    'attack.discovery',
    'attack.t1087',
    'attack.t1087.001',
    'attack.t1087.002',
  ]);
});

test('hidden administrative shares', () => {
  for (const share of ['\\\\host\\C$', '\\\\10.0.0.5\\ADMIN$', '\\\\dc01\\IPC$', '\\\\host\\share$\\sub']) {
    assert.ok(fires({ 'process.args': ['net.exe', 'use', 'Z:', share] }), share);
  }
  assert.ok(!fires({ 'process.args': ['net.exe', 'use', 'Z:', '\\\\host\\public'] }), 'visible share');
  assert.ok(!fires({ 'process.args': ['net.exe', 'use', 'Z:', '\\host\\C$'] }), 'one leading backslash');
});

test('WebDav shares: @SSL paths and http(s) URLs', () => {
  assert.ok(fires({ 'process.args': ['net.exe', 'use', '\\\\live.net@SSL\\DavWWWRoot'] }));
  assert.ok(fires({ 'process.args': ['net.exe', 'use', '\\\\host@ssl\\path\\x'] }), '@SSL in any case');
  assert.ok(fires({ 'process.args': ['net.exe', 'use', 'http://evil.example/dav'] }));
  assert.ok(fires({ 'process.args': ['net.exe', 'use', 'HTTPS://d.docs.live.net/abc'] }));
  assert.ok(!fires({ 'process.args': ['net.exe', 'use', '\\\\host@SSL'] }), 'no path after @SSL');
});

test('deletions (/d...) are excluded in any case', () => {
  for (const flag of ['/d', '/D', '/delete', '/DELETE', '/Del']) {
    assert.ok(!fires({ 'process.args': ['net.exe', 'use', '\\\\host\\C$', flag] }), flag);
  }
  assert.ok(fires({ 'process.args': ['net.exe', 'use', '\\\\host\\C$', '/persistent:no'] }));
});

test('"use" is required, in any case', () => {
  assert.ok(fires({ 'process.args': ['NET', 'USE', '\\\\host\\C$'] }));
  assert.ok(!fires({ 'process.args': ['net.exe', 'view', '\\\\host\\C$'] }));
});

test('net1.exe counts unless its parent is net.exe', () => {
  const args = ['net1', 'use', '\\\\host\\ADMIN$'];
  assert.ok(fires({ 'process.name': 'net1.exe', 'process.args': args }));
  assert.ok(fires({ 'process.name': 'NET1.EXE', 'process.parent.name': 'cmd.exe', 'process.args': args }));
  assert.ok(!fires({ 'process.name': 'net1.exe', 'process.parent.name': 'net.exe', 'process.args': args }));
  assert.ok(!fires({ 'process.name': 'net1.exe', 'process.parent.name': 'NET.EXE', 'process.args': args }));
  // net.exe itself matches whatever its parent is.
  assert.ok(fires({ 'process.name': 'net.exe', 'process.parent.name': 'net.exe', 'process.args': args }));
});

test('renamed binaries are caught by original file name (case-sensitive ==)', () => {
  const args = ['x', 'use', '\\\\host\\C$'];
  assert.ok(fires({ 'process.name': 'renamed.exe', 'process.pe.original_file_name': 'net.exe', 'process.args': args }));
  assert.ok(fires({ 'process.name': 'renamed.exe', 'process.pe.original_file_name': 'net1.exe', 'process.args': args }));
  assert.ok(!fires({ 'process.name': 'renamed.exe', 'process.pe.original_file_name': 'NET.EXE', 'process.args': args }));
  assert.ok(!fires({ 'process.name': 'renamed.exe', 'process.args': args }), 'no original file name');
});

test('only process starts on Windows', () => {
  const args = ['net', 'use', '\\\\host\\C$'];
  assert.ok(!fires({ 'event.type': 'end', 'process.args': args }));
  assert.ok(!fires({ 'host.os.type': 'Windows', 'process.args': args }), 'host.os.type is ==, case-sensitive');
  assert.ok(!rule.appliesTo(ecsEvent(netStart({ 'process.args': args }), ['network'])));
});
