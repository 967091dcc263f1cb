import type { EventDetail } from '../events/details.js';
import type { ProcessEvent } from '../events/processEvent.js';
import type { EventDataValue } from '../events/types.js';
import type { StepMatch, TemporalRule } from '../rules/types.js';
import type { Hit, HitEvent } from './hit.js';

/**
 * Observations a run keeps for its temporal rules (1-3 KB each): past this, later ones are
 * dropped and the run says so once, rather than growing without bound on a hostile or huge log.
 */
export const MAX_OBSERVATIONS = 1_000_000;

/**
 * What a run keeps of an event a step matched, to report it if a match joins it: its location,
 * details and process, not its EventData (a third of the memory, for the many that join nothing).
 */
export interface ObservedEvent extends HitEvent {
  readonly process: ProcessEvent | undefined;
}

const NO_EVENT_DATA: Readonly<Record<string, EventDataValue>> = Object.freeze(Object.create(null) as Record<string, EventDataValue>);

/** A step of temporal rule `rule` (an index into RuleSet.temporal) that an event matched. */
export interface ObservedStep extends StepMatch {
  readonly rule: number;
}

/** An event and the temporal rule steps it matched. */
export interface StepObservation {
  readonly event: ObservedEvent;
  readonly steps: readonly ObservedStep[];
}

/** `T` with every field present (an optional one as `undefined`): a copy that names them all. */
type EveryField<T> = { [K in keyof Required<T>]: T[K] };

/** Distinct strings and details a run keeps once: past this, further ones are kept as they came. */
export const MAX_INTERNED_VALUES = 200_000;

/**
 * Keeps each distinct value once: an event's values repeat across a log (images, users, hosts,
 * join keys), and each copy would otherwise cost its own string (and a flattened one: V8 builds
 * JSON.stringify's output and template literals as trees of parts, several times the text's size).
 */
class ValueInterner {
  private readonly strings = new Map<string, string>();
  private readonly details = new Map<string, EventDetail>();

  constructor(private readonly bound: number) {}

  text<T extends string | undefined>(value: T): T {
    if (value === undefined) return value;
    const kept = this.strings.get(value);
    if (kept !== undefined) return kept as T;
    if (this.strings.size < this.bound) this.strings.set(value, value);
    return value;
  }

  detail(detail: EventDetail): EventDetail {
    const key = `${detail[0]}\u0000${detail[1]}`;
    const kept = this.details.get(key);
    if (kept !== undefined) return kept;
    const made: EventDetail = [this.text(detail[0]), this.text(detail[1])];
    if (this.details.size < this.bound) this.details.set(key, made);
    return made;
  }

  process(process: ProcessEvent): ProcessEvent {
    // Every field named (a field ProcessEvent gains must be added here, or this does not compile).
    const interned: EveryField<ProcessEvent> = {
      source: process.source,
      image: this.text(process.image),
      originalFileName: this.text(process.originalFileName),
      commandLine: this.text(process.commandLine),
      parentImage: this.text(process.parentImage),
      parentCommandLine: this.text(process.parentCommandLine),
      user: this.text(process.user),
      pid: process.pid,
      parentPid: process.parentPid,
    };
    return interned;
  }

  /** The observation as the run keeps it: its values interned, one object shape for every event. */
  observation({ event, steps }: StepObservation): StepObservation {
    const kept: EveryField<ObservedEvent> = {
      file: this.text(event.file),
      recordId: event.recordId,
      recovered: event.recovered,
      timestamp: this.text(event.timestamp),
      eventId: event.eventId,
      channel: this.text(event.channel),
      computer: this.text(event.computer),
      process: event.process === undefined ? undefined : this.process(event.process),
      details: event.details.map((detail) => this.detail(detail)),
    };
    return {
      event: kept,
      steps: steps.map(({ rule, step, key, value }) =>
        value === undefined ? { rule, step, key: this.text(key) } : { rule, step, key: this.text(key), value: this.text(value) },
      ),
    };
  }
}

/** What joining a run's observations gave. */
export interface TemporalOutcome {
  readonly hits: Hit[];
  readonly warnings: string[];
}

/**
 * Sequences and correlations run over all the logs of a run, in time order: observations are kept as
 * the hunt finds them (file after file, in record order), then sorted by time, ties in that order,
 * and fed to each rule's matcher. Join keys are per computer: events of two hosts never join.
 */
export class TemporalRun {
  private readonly observations: StepObservation[] = [];
  private droppedObservations = 0;
  private readonly interner: ValueInterner;

  constructor(
    private readonly rules: readonly TemporalRule[],
    private readonly maxObservations = MAX_OBSERVATIONS,
    maxInterned = MAX_INTERNED_VALUES,
  ) {
    this.interner = new ValueInterner(maxInterned);
  }

  add(observation: StepObservation): void {
    if (this.observations.length < this.maxObservations) this.observations.push(this.interner.observation(observation));
    else this.droppedObservations++;
  }

  /** Runs every rule's matcher over the observations kept; call once, after the last file. */
  finish(): TemporalOutcome {
    const warnings: string[] = [];
    if (this.droppedObservations > 0) {
      warnings.push(
        `${this.droppedObservations} events matched a step of a sequence or correlation rule after the first ${this.maxObservations} and were not joined: those rules may miss matches`,
      );
    }
    const { observations } = this;
    const times = observations.map(({ event }) => Date.parse(event.timestamp));
    const order = observations.map((_, index) => index).filter((index) => !Number.isNaN(times[index]));
    const untimed = observations.length - order.length;
    if (untimed > 0)
      warnings.push(`${untimed} events matched a step of a sequence or correlation rule but have no readable time: not joined`);
    order.sort((a, b) => times[a]! - times[b]! || a - b);

    const matchers = this.rules.map((rule) => rule.newMatcher<number>());
    const matched: { rule: number; events: readonly number[] }[] = [];
    const byRule = new Map<number, ObservedStep[]>();
    for (const index of order) {
      const { event, steps } = observations[index]!;
      byRule.clear();
      const host = event.computer ?? '';
      for (const step of steps) {
        const joined: ObservedStep = { ...step, key: `${host}\u0000${step.key}` };
        const forRule = byRule.get(step.rule);
        if (forRule === undefined) byRule.set(step.rule, [joined]);
        else forRule.push(joined);
      }
      for (const [rule, ruleSteps] of byRule) {
        for (const match of matchers[rule]!.observe(index, times[index]!, ruleSteps)) matched.push({ rule, events: match.events });
      }
    }
    const dropping: string[] = [];
    matchers.forEach((matcher, rule) => {
      for (const match of matcher.finish()) matched.push({ rule, events: match.events });
      if (matcher.dropped > 0) dropping.push(`"${this.rules[rule]!.meta.title}" (${matcher.dropped})`);
    });
    if (dropping.length > 0) {
      warnings.push(`partial matches dropped to bound memory (the oldest, past a rule's limit per key): ${dropping.join(', ')}`);
    }
    const hits = matched.map(({ rule, events }) =>
      multiEventHit(
        this.rules[rule]!,
        events.map((index) => observations[index]!.event),
      ),
    );
    return { hits, warnings };
  }
}

/** A multi-event hit: its own fields those of the first event; no EventData (each event's details say what happened). */
function multiEventHit(rule: TemporalRule, observed: readonly ObservedEvent[]): Hit {
  const events: HitEvent[] = observed.map(({ process: _process, ...event }) => event);
  const first = observed[0]!;
  return { ...first, rule: rule.meta, eventData: NO_EVENT_DATA, events };
}
