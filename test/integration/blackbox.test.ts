/**
 * Accuracy of the app's own decode path on real photos: every set of ZXing's blackbox images (beside the
 * repo in ../shared/fixtures/zxing-blackbox), at every rotation its manifest lists, must reach ZXing's own
 * TRY_HARDER pass count with no more misreads than ZXing allows, and the false-positive set must stay
 * within its limit. EAN/UPC results are compared as GTIN-14 (a UPC-A read as a 0-prefixed EAN-13 is the
 * same item); everything else byte for byte. This is what the "0 of 41 UPC-E" complaint is held to.
 */
import { describe, expect, it } from 'vitest';
import { gtinFromSymbol } from '../../shared/barcode/gtin';
import { isEanUpc } from '../../shared/barcode/formats';
import type { BarcodeFormat } from '../../shared/barcode/formats';
import type { DecodeOutcome } from '../../renderer/scan/engine/types';
import { loadBlackbox, nodeDecoder, readImage, rotateFrame } from '../accuracy/blackbox';

const sets = loadBlackbox();
const decoder = nodeDecoder('app');

function matches(outcome: DecodeOutcome, expected: string, format: BarcodeFormat): boolean {
  if (isEanUpc(format)) {
    const want = gtinFromSymbol(expected.trim(), format);
    return want !== null && gtinFromSymbol(outcome.text, outcome.format) === want;
  }
  return outcome.text === expected;
}

describe('ZXing blackbox sets through the app decoder (tryHarder)', () => {
  it('finds every set the manifest lists', () => {
    expect(sets.map((s) => s.name).sort()).toEqual(['code128-1', 'datamatrix-1', 'ean13-2', 'ean8-1', 'falsepositives-2', 'itf-1', 'qrcode-2', 'upca-2', 'upce-1']);
    for (const s of sets) expect(s.images.length, s.name).toBeGreaterThan(0);
  });

  for (const set of sets) {
    for (const [turn, threshold] of set.rotations) {
      it(`${set.name} at ${turn}°`, async () => {
        let passed = 0;
        const misreads: string[] = [];
        const decoded: string[] = [];
        for (const image of set.images) {
          const frame = rotateFrame(await readImage(image.file), turn);
          const outcome = await decoder.decode(frame, { tryHarder: true });
          if (!outcome) continue;
          const name = image.file.slice(image.file.lastIndexOf('/') + 1);
          if (set.format === null || image.expected === null) {
            decoded.push(`${name}: ${outcome.format} ${JSON.stringify(outcome.text)}`);
          } else if (matches(outcome, image.expected, set.format)) passed++;
          else misreads.push(`${name}: read ${JSON.stringify(outcome.text)}, expected ${JSON.stringify(image.expected)}`);
        }
        if (set.format === null) {
          expect(decoded.length, `false positives: ${decoded.join('; ')}`).toBeLessThanOrEqual(set.maxFalsePositives);
        } else {
          expect(passed, `${set.name} ${turn}°: ${passed}/${set.images.length}`).toBeGreaterThanOrEqual(threshold.tryHarder);
          expect(misreads.length, misreads.join('; ')).toBeLessThanOrEqual(threshold.maxTryHarderMisreads);
        }
      });
    }
  }
});
