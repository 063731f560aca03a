/** The Chromium half of bench:page-writes (bundled by esbuild): runs rounds on RxDB's Dexie storage on request. */
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { addFirstStorage } from '../../renderer/data/addFirstStorage';
import { OVERLAP_PATHS, runRound, type PathName } from './pageWritesCore';

let n = 0;
(window as unknown as { __round: (path: PathName, pages: number, size: number) => ReturnType<typeof runRound> }).__round = (path, pages, size) =>
  // The overlap paths run on the renderer's storage for variants (add-first over Dexie), as the first sync does.
  runRound(OVERLAP_PATHS.includes(path) ? addFirstStorage(getRxStorageDexie(), new Set(['variants'])) : getRxStorageDexie(), path, pages, size, `pagewrites-${n++}`);
