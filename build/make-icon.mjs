// Generates build/icon.png (512x512), the app icon electron-builder turns into .ico/.icns/.png per platform.
// A drawn placeholder (shelves of an aisle on a rounded teal square) so packaging needs no design asset;
// replace icon.png with the real artwork and delete this script when there is one.
// Run: node build/make-icon.mjs
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

const size = 512;
const png = new PNG({ width: size, height: size });
const radius = 96;
const teal = [15, 118, 110];
const white = [255, 255, 255];

function insideRoundedSquare(x, y) {
  const cx = Math.min(Math.max(x, radius), size - 1 - radius);
  const cy = Math.min(Math.max(y, radius), size - 1 - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

for (let y = 0; y < size; y++) {
  for (let x = 0; x < size; x++) {
    const i = (y * size + x) * 4;
    const shelf = x >= 112 && x < 400 && [140, 236, 332].some((top) => y >= top && y < top + 36);
    const upright = (x >= 112 && x < 136) || (x >= 376 && x < 400);
    const inFrame = y >= 120 && y < 392;
    const [r, g, b] = shelf || (upright && inFrame) ? white : teal;
    png.data[i] = r;
    png.data[i + 1] = g;
    png.data[i + 2] = b;
    png.data[i + 3] = insideRoundedSquare(x, y) ? 255 : 0;
  }
}

writeFileSync(path.join(import.meta.dirname, 'icon.png'), PNG.sync.write(png));
console.log('wrote build/icon.png');
