/*
 * Runs before the app's bundle is fetched and parsed (index.html): starts reading the in-memory indexes' snapshots
 * out of IndexedDB, so that read (seconds on a loaded machine, mostly in the browser process) overlaps the bundle's
 * load instead of following it. renderer/data/earlySearch.ts picks the reads up from window.__aisleSnapshotReads
 * if they are of this enrollment's snapshot database, whose name the previous launch left in localStorage; it
 * reads them itself otherwise. Plain script, no imports: it must not wait for anything. Keep the database's schema
 * in step with renderer/data/snapshotStore.ts (version 1, one object store 'snapshots') and the keys with
 * PRODUCT_SNAPSHOT_KEY (productSearch.ts) and BARCODE_SNAPSHOT_KEY (barcodeSnapshot.ts).
 */
(function () {
  'use strict';
  var name;
  try {
    name = window.localStorage.getItem('aisle:snapshot-db');
  } catch (e) {
    return;
  }
  // Too late (the script is async): the app has read the snapshots itself.
  if (!name || !window.indexedDB || window.__aisleSnapshotReadsTaken) return;
  // Cold-start timeline (bench:cold-start): when the snapshot reads began.
  performance.mark('aisle:snapshot-read-start');
  var db = new Promise(function (resolve, reject) {
    var req = window.indexedDB.open(name, 1);
    req.onupgradeneeded = function () {
      req.result.createObjectStore('snapshots');
    };
    req.onsuccess = function () {
      resolve(req.result);
    };
    req.onerror = function () {
      reject(req.error);
    };
  });
  function read(key) {
    return db.then(function (d) {
      return new Promise(function (resolve, reject) {
        var req = d.transaction('snapshots', 'readonly').objectStore('snapshots').get(key);
        req.onsuccess = function () {
          resolve(req.result);
        };
        req.onerror = function () {
          reject(req.error);
        };
      });
    });
  }
  window.__aisleSnapshotReads = { name: name, db: db, products: read('products.v2'), barcodes: read('barcodes.v2') };
  // Unhandled rejections are reported by earlySearch.ts when it uses these; none if it never does.
  window.__aisleSnapshotReads.products.catch(function () {});
  window.__aisleSnapshotReads.barcodes.catch(function () {});
  db.catch(function () {});
})();
