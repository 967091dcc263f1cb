import type { EventDataValue } from '../evtx/index.js';
import { domainAccount, knownText } from './processEvent.js';

type EventData = Readonly<Record<string, EventDataValue>>;

/** The EventData fields that name an event's account: the name, and the domain it is qualified with. */
interface AccountFields {
  readonly domain?: string;
  readonly name: string;
}

const TARGET: Readonly<AccountFields> = { domain: 'TargetDomainName', name: 'TargetUserName' };

/**
 * Security events whose account is the target: the one that logged on, failed to, logged off, or whose
 * credentials were used (4648). Their subject is whoever reported it, often the machine account (`PC01$`).
 */
const ACCOUNT_BY_SECURITY_EVENT: ReadonlyMap<number, Readonly<AccountFields>> = new Map([
  [4624, TARGET],
  [4625, TARGET],
  [4634, TARGET],
  [4647, TARGET],
  [4648, TARGET],
]);

/** Elsewhere: Sysmon's User, else the subject of a Security event. */
const DEFAULT_ACCOUNTS: readonly AccountFields[] = [{ name: 'User' }, { name: 'SubjectUserName' }];

const SECURITY_CHANNEL = 'security';

/** The account an event is about, as a report shows it (DOMAIN\name where the event says both). */
export function eventAccount(channel: string, eventId: number, data: EventData): string | undefined {
  const logon = channel.toLowerCase() === SECURITY_CHANNEL ? ACCOUNT_BY_SECURITY_EVENT.get(eventId) : undefined;
  for (const fields of logon === undefined ? DEFAULT_ACCOUNTS : [logon]) {
    const account = domainAccount(fields.domain === undefined ? undefined : knownText(data, fields.domain), knownText(data, fields.name));
    if (account !== undefined) return account;
  }
  return undefined;
}
