/**
 * A hunt worker that fails while hunting: the real worker, plus a listener that throws on the
 * second range it is sent (after the first was hunted), as a bug in the pipeline would.
 */
import { parentPort } from 'node:worker_threads';
import '../../src/hunt/huntWorker.js';

const seen: number[] = [];
parentPort?.on('message', (task: { id: number }) => {
  seen.push(task.id);
  if (seen.length === 2) throw new Error('failing on purpose');
});
