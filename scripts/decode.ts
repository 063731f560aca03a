/**
 * `npm run decode -- FILE...`: runs the app's decode pipeline (the same BarcodeDecoder the camera worker
 * uses, with tryHarder) on PNG, JPEG or GIF files and prints one JSON line per file:
 *   {"file","text","format","gtin"(EAN/UPC only),"ms"}  or  {"file","error"}
 * Exits 1 when any file could not be read or held no barcode, so it can gate a script.
 */
import { gtinFromSymbol } from '../shared/barcode/gtin';
import { nodeDecoder, readImage } from '../test/accuracy/blackbox';

async function main(files: readonly string[]): Promise<number> {
  if (files.length === 0) {
    process.stderr.write('usage: npm run decode -- FILE...\n');
    return 2;
  }
  const decoder = nodeDecoder('app');
  await decoder.ready();
  let failures = 0;
  for (const file of files) {
    try {
      const frame = await readImage(file);
      const outcome = await decoder.decode(frame, { tryHarder: true });
      if (!outcome) {
        failures++;
        process.stdout.write(JSON.stringify({ file, error: 'no barcode found' }) + '\n');
        continue;
      }
      const gtin = gtinFromSymbol(outcome.text, outcome.format);
      const ms = Math.round(outcome.ms * 10) / 10;
      process.stdout.write(JSON.stringify({ file, text: outcome.text, format: outcome.format, ...(gtin ? { gtin } : {}), ms }) + '\n');
    } catch (error) {
      failures++;
      process.stdout.write(JSON.stringify({ file, error: error instanceof Error ? error.message : String(error) }) + '\n');
    }
  }
  return failures === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  },
);
