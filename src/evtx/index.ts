export type { EventDataValue, EvtxProblem, EvtxProblemKind, EvtxRecord, EvtxSystem, ReadOptions } from './types.js';
export { EvtxFileError } from './errors.js';
export { readEvtxFile } from './reader.js';
export { parseChunk, type ChunkReadOptions } from './chunk.js';
