/** A value or event that cannot be represented in an EVTX file. */
export class EvtxWriteError extends Error {
  override readonly name = 'EvtxWriteError';

  /** `where` names the offending event and field, e.g. "event 12 (record 13), Data 'ProcessId'". */
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
  }
}
