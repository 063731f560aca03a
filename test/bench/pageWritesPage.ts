/** The Chromium half of bench:page-writes (bundled by esbuild): runs rounds on RxDB's Dexie storage on request. */
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { runRound, type PathName } from './pageWritesCore';

let n = 0;
(window as unknown as { __round: (path: PathName, pages: number, size: number) => ReturnType<typeof runRound> }).__round = (path, pages, size) =>
  runRound(getRxStorageDexie(), path, pages, size, `pagewrites-${n++}`);
