import { KnownNames } from './names.js';
import { SharedTemplates } from './sharedTemplates.js';
import { FileTimeFormatter } from './values/time.js';

/**
 * What a reader keeps from chunk to chunk: decoded names, compiled templates and the last
 * timestamp texts. Each part has its own bound (see its class), so a reader's memory does not
 * grow with the file. readEvtxFile makes one per file unless given one to share between files;
 * entries hold no chunk bytes, so sharing keeps no chunk alive.
 */
export class ReaderCaches {
  readonly names = new KnownNames();
  readonly templates = new SharedTemplates();
  readonly fileTimes = new FileTimeFormatter();
}
