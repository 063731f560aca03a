// Starts a TypeScript worker thread: registers tsx's loader in this thread, then imports the entry module.
// (Node 20 workers do not take `--import tsx` in execArgv.)
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
