import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileQuery, ecsEvent, holds } from './helpers.js';
import { isInvalid, isUnsupported } from '../ruleProblems.js';

test('length, string, number', () => {
  assert.ok(holds('length(x) == 3', { x: 'abc' }));
  assert.ok(holds('length(args) == 2', { args: ['ab', 'abc'] }));
  assert.ok(!holds('length(x) > 0', {}));
  assert.ok(holds('string(n) == "42"', { n: 42 }));
  assert.ok(holds('number(x) == 42 and number("2A", 16) == 42 and number("0x2a", 16) == 42', { x: '42' }));
  assert.ok(holds('number("zz") == null', {}));
});

test('startsWith / endsWith / stringContains: case-sensitive, ~ forms are not', () => {
  assert.ok(holds('startsWith(x, "Ab")', { x: 'Abc' }));
  assert.ok(!holds('startsWith(x, "ab")', { x: 'Abc' }));
  assert.ok(holds('startswith~(x, "ab")', { x: 'Abc' }));
  assert.ok(holds('endsWith(x, "C")', { x: 'abC' }));
  assert.ok(holds('endswith~(args, ".MSC")', { args: ['/s', 'x.msc'] }));
  assert.ok(holds('stringContains(x, "b")', { x: 'abc' }));
  assert.ok(holds('stringContains~(x, "B")', { x: 'abc' }));
  assert.ok(holds('startswith~(host.name, substring(user.name, 0, -1))', { 'host.name': 'WS01.corp', 'user.name': 'ws01$' }));
  assert.ok(!holds('startsWith(missing, "a")', {}));
});

test('substring uses Python slice indices', () => {
  assert.ok(holds('substring(x, 0, -1) == "ws01"', { x: 'ws01$' }));
  assert.ok(holds('substring(x, -3) == "exe" and substring(x, 2, 4) == "tx"', { x: 'a.txt.exe' }));
  assert.ok(holds('substring(x, 10) == "" and substring(x, 3, 1) == ""', { x: 'abc' }));
});

test('concat, indexOf, between', () => {
  assert.ok(holds('concat(a, ".", b, 1) == "x.y1"', { a: 'x', b: 'y' }));
  assert.ok(holds('concat(a, missing) == null', { a: 'x' }));
  assert.ok(holds('indexOf(x, "b") == 1 and indexOf(x, "b", 2) == 3 and indexOf(x, "z") == null', { x: 'abab' }));
  assert.ok(holds('indexOf~(x, "B") == 1', { x: 'abab' }));
  assert.ok(holds('between(p, "System32\\\\", ".exe") == "cmd"', { p: 'C:\\Windows\\System32\\cmd.exe' }));
  assert.ok(holds('between(p, "system32\\\\", ".exe") == ""', { p: 'C:\\Windows\\System32\\cmd.exe' }));
  assert.ok(holds('between~(p, "system32\\\\", ".exe") == "cmd"', { p: 'C:\\Windows\\System32\\cmd.exe' }));
  assert.ok(holds('between(p, "a", "c", true) == "bcab"', { p: 'abcabc' }));
});

test('cidrMatch with IPv4, IPv6 and host addresses', () => {
  assert.ok(holds('cidrmatch(ip, "10.0.0.0/8", "192.168.0.0/16")', { ip: '192.168.4.1' }));
  assert.ok(!holds('cidrMatch(ip, "10.0.0.0/8")', { ip: '11.0.0.1' }));
  assert.ok(holds('cidrmatch(ip, "127.0.0.0/8", "::1/128")', { ip: '::1' }));
  assert.ok(holds('cidrmatch(ip, "127.0.0.1", "::1")', { ip: '127.0.0.1' }));
  assert.ok(holds('cidrmatch(ip, "fe80::/10")', { ip: 'fe80::1:2' }));
  assert.ok(holds('cidrmatch(ip, "10.0.0.0/8")', { ip: '::ffff:10.1.2.3' }));
  assert.ok(!holds('cidrmatch(ip, "10.0.0.0/8")', { ip: 'not an ip' }));
});

test('add, subtract, multiply, divide, modulo', () => {
  assert.ok(holds('add(n, 5) == 9 and subtract(n, 5) == -1 and multiply(n, 0.5) == 2', { n: 4 }));
  assert.ok(holds('divide(4, 3) == 1 and divide(3, 2.5) == 1.2 and modulo(7, 3) == 1 and add(null, 1) == null', {}));
});

test('unknown functions are unsupported; wrong arity and bad ~ are syntax errors', () => {
  assert.throws(() => compileQuery('any where frobnicate(x)'), isUnsupported);
  assert.throws(() => compileQuery('any where length(x, y) > 1'), isInvalid);
  assert.throws(() => compileQuery('any where length~(x) > 1'), isInvalid);
});

test('constant arguments are prepared once; field arguments are read per event, also arrays', () => {
  const networks = compileQuery('any where cidrMatch(ip, "10.0.0.0/8", "::1")');
  assert.ok(networks.matches(ecsEvent({ ip: '10.1.2.3' })));
  assert.ok(networks.matches(ecsEvent({ ip: ['8.8.8.8', '::1'] })));
  assert.ok(!networks.matches(ecsEvent({ ip: '11.1.2.3' })));
  assert.ok(holds('cidrMatch(ip, net)', { ip: '10.1.2.3', net: ['192.168.0.0/16', '10.0.0.0/8'] }));
  assert.ok(!holds('cidrMatch(ip, net, "not a network")', { ip: '10.1.2.3', net: '192.168.0.0/16' }));
  assert.ok(holds('startswith~(x, prefix) and endswith(x, "C") and stringContains~(x, y)', { x: 'AbC', prefix: 'ab', y: 'B' }));
  assert.ok(!holds('startsWith(x, null)', { x: 'a' }));
  assert.ok(holds('between~(p, left, ".EXE") == "cmd" and indexOf~(p, part) == 3', { p: 'c:\\cmd.exe', left: 'C:\\', part: 'CMD' }));
  assert.ok(holds('between(p, null, "x") == null and indexOf(p, null) == null', { p: 'abc' }));
});
