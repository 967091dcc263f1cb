/**
 * The names of the output formats, apart from their writers: what the CLI offers and checks costs
 * nothing to load (`hunt --help` reads this, not the writers).
 */

export type OutputFormat = 'table' | 'jsonl' | 'json' | 'csv' | 'timesketch' | 'timesketch-jsonl' | 'ecs' | 'ecs-bulk' | 'html';
export const OUTPUT_FORMATS: readonly OutputFormat[] = [
  'table',
  'jsonl',
  'json',
  'csv',
  'timesketch',
  'timesketch-jsonl',
  'ecs',
  'ecs-bulk',
  'html',
];

export type DumpFormat = 'jsonl' | 'json' | 'xml' | 'ecs' | 'ecs-bulk';
export const DUMP_FORMATS: readonly DumpFormat[] = ['jsonl', 'json', 'xml', 'ecs', 'ecs-bulk'];

/** Where a format sends its text; the CLI decides (stdout or -o FILE). */
export interface TextSink {
  write(text: string): void;
}
