/** The file cannot be read at all: unreadable, or not EVTX. */
export class EvtxFileError extends Error {
  override readonly name = 'EvtxFileError';
  constructor(
    readonly file: string,
    readonly offset: number,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/** Undecodable BinXML at a chunk-relative offset; caught per record and reported as a problem. */
export class BinXmlError extends Error {
  override readonly name = 'BinXmlError';
  constructor(
    readonly chunkOffset: number,
    message: string,
  ) {
    super(message);
  }
}
