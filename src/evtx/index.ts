export type { EventDataValue, EvtxInteger, EvtxProblem, EvtxProblemKind, EvtxRecord, EvtxSystem, ReadOptions } from './types.js';
export { EvtxFileError } from './errors.js';
export { readEvtxChunks, readEvtxFile, readEvtxLayout, type EvtxLayout } from './reader.js';
export { ReaderCaches } from './readerCaches.js';
export { recordEventDataJson } from './record.js';
export { addEventDataValue } from './fields/eventData.js';
export { jsonString } from './render/json.js';
export { parseChunk, type ChunkReadOptions } from './chunk.js';
export { CHUNK_SIZE, FILE_HEADER_BLOCK_SIZE } from './fileHeader.js';
