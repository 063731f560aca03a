/**
 * The pure-JavaScript ZXing port (@zxing/library) behind the decoder interface. Kept as the fallback and
 * as the baseline the benchmark compares against; docs/scanning.md says why it is not the default.
 */
import * as zxingNs from '@zxing/library';
import type { BarcodeFormat as ZxFormat, DecodeHintType as ZxHint } from '@zxing/library';
import type { BarcodeFormat, DecodedFormat } from '../../../shared/barcode/formats';
import { BARCODE_FORMATS } from '../../../shared/barcode/formats';
import { rotateLuminance, toLuminance } from './pixels';
import type { BarcodeDecoder, DecodeOptions, DecodeOutcome, PixelFrame } from './types';

// Node (tests, CLI) loads the package's CommonJS build, whose named exports Node cannot detect, so they sit
// on `default`; bundlers load its ESM build with real named exports. Take whichever holds the classes.
const zx: typeof zxingNs = 'BinaryBitmap' in zxingNs ? zxingNs : Reflect.get<typeof zxingNs, 'default'>(zxingNs, 'default');
const { BarcodeFormat: ZxF, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } = zx;

const TO_ZX: Readonly<Record<BarcodeFormat, ZxFormat>> = {
  EAN_13: ZxF.EAN_13,
  EAN_8: ZxF.EAN_8,
  UPC_A: ZxF.UPC_A,
  UPC_E: ZxF.UPC_E,
  CODE_128: ZxF.CODE_128,
  ITF: ZxF.ITF,
  QR_CODE: ZxF.QR_CODE,
  DATA_MATRIX: ZxF.DATA_MATRIX,
};

function fromZx(format: ZxFormat): DecodedFormat {
  for (const f of BARCODE_FORMATS) if (TO_ZX[f] === format) return f;
  return 'OTHER';
}

/** AIM identifiers the JS port does not report; derived from the format so GS1 detection still works. */
function aimFor(format: DecodedFormat, text: string): string | undefined {
  switch (format) {
    case 'EAN_13':
    case 'UPC_A':
    case 'UPC_E':
      return ']E0';
    case 'EAN_8':
      return ']E4';
    case 'CODE_128':
      return text.startsWith(']C1') ? ']C1' : ']C0';
    case 'ITF':
      return ']I0';
    case 'QR_CODE':
      return ']Q1';
    case 'DATA_MATRIX':
      return ']d1';
    default:
      return undefined;
  }
}

function hintsFor(options: DecodeOptions | undefined): Map<ZxHint, unknown> {
  const hints = new Map<ZxHint, unknown>();
  const formats = (options?.formats ?? BARCODE_FORMATS).filter((f): f is BarcodeFormat => f !== 'OTHER');
  hints.set(DecodeHintType.POSSIBLE_FORMATS, formats.map((f) => TO_ZX[f]));
  if (options?.tryHarder ?? true) hints.set(DecodeHintType.TRY_HARDER, true);
  return hints;
}

export function createZxingJsDecoder(): BarcodeDecoder {
  const reader = new MultiFormatReader();
  return {
    name: 'zxing-js',
    async ready(): Promise<void> {},
    async decode(frame: PixelFrame, options?: DecodeOptions): Promise<DecodeOutcome | null> {
      const started = performance.now();
      const lum = toLuminance(frame);
      reader.setHints(hintsFor(options));
      // The JS port cannot rotate its luminance source, so 1D codes held vertically are only found if we
      // rotate ourselves; 180° is covered by the 1D readers scanning rows in both directions.
      const turns = options?.tryHarder === false ? ([0] as const) : ([0, 90] as const);
      // The port console.warns on every internal NotFound/Format exception (thousands per second on a
      // live camera); mute it for the duration of this synchronous call only.
      const warn = console.warn;
      console.warn = () => undefined;
      try {
        return decodeTurns(turns, lum, frame, started);
      } finally {
        console.warn = warn;
      }
    },
  };

  function decodeTurns(turns: readonly (0 | 90)[], lum: Uint8Array, frame: PixelFrame, started: number): DecodeOutcome | null {
    for (const turn of turns) {
      const r = rotateLuminance(lum, frame.width, frame.height, turn);
      const source = new RGBLuminanceSource(new Uint8ClampedArray(r.data.buffer, r.data.byteOffset, r.data.length), r.width, r.height);
      try {
        const result = reader.decodeWithState(new BinaryBitmap(new HybridBinarizer(source)));
        const format = fromZx(result.getBarcodeFormat());
        const text = result.getText();
        const symbologyId = aimFor(format, text);
        return { text, format, ...(symbologyId ? { symbologyId } : {}), ms: performance.now() - started };
      } catch {
        // ZXing signals "nothing here" (and checksum/format failures) by throwing; try the next turn.
      } finally {
        reader.reset();
      }
    }
    return null;
  }
}
