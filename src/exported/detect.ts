import { closeSync, constants, openSync, readSync } from 'node:fs';
import { sniffEncoding } from './textWindow.js';

/** What a log file holds, judged by its content: its name is not trusted to say. */
export type LogFormat = 'evtx' | 'xml' | 'json';

/** Bytes read to judge a file. */
const HEAD_BYTES = 64 * 1024;
const EVTX_MAGIC = 'ElfFile\0';
const EVENT_TAG = /<(?:[A-Za-z_][\w.-]*:)?Events?[\s>/]/;
/** Keys that the JSON shapes read start with (src/exported/jsonEvent.ts). */
const EVENT_JSON_KEY = /"(?:winlog|Event|event_data)"\s*:/;

function readHead(path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const read = readSync(fd, head, 0, HEAD_BYTES, 0);
    return head.subarray(0, read);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function hasEvtxMagic(head: Buffer): boolean {
  return head.toString('latin1', 0, EVTX_MAGIC.length) === EVTX_MAGIC;
}

function headText(head: Buffer): string {
  const { encoding } = sniffEncoding(head);
  return new TextDecoder(encoding).decode(head);
}

/**
 * EVTX by its signature; XML when the text starts with markup or an <Event> element comes soon;
 * JSON when it starts with '{' or '['. Anything else, a damaged EVTX file without its signature
 * included, is for the EVTX reader, which reads what it can and says why it cannot.
 */
export function detectLogFormat(path: string): LogFormat {
  const head = readHead(path);
  if (head === undefined || hasEvtxMagic(head)) return 'evtx';
  const text = headText(head).trimStart();
  if (text.startsWith('<') || EVENT_TAG.test(text)) return 'xml';
  if (text.startsWith('{') || text.startsWith('[')) return 'json';
  return 'evtx';
}

/**
 * For files found in folders by a name an export may have (.xml, .json, ...): whether it holds
 * events, so that other XML and JSON files in a collection are passed over, not reported unreadable.
 */
export function holdsExportedEvents(path: string): boolean {
  const head = readHead(path);
  if (head === undefined) return false;
  const text = headText(head);
  switch (detectLogFormat(path)) {
    case 'xml':
      return EVENT_TAG.test(text);
    case 'json':
      return EVENT_JSON_KEY.test(text);
    case 'evtx':
      return hasEvtxMagic(head);
  }
}
