/**
 * Product pictures for the demo catalog and for imported products without a photo: a deterministic SVG per
 * product (background colour from a hash of its id, a simple shape per category, the title as text). Being
 * pure and deterministic, the same product always yields byte-identical SVG, so ETags stay stable across
 * server processes and restarts without storing any image.
 */
import { createHash } from 'node:crypto';

export interface ImageSubject {
  id: string;
  title: string;
  brand: string;
  category: string;
}

/** Named colours used by the demo catalog; anything else falls back to a hash-derived hue. */
const COLOUR_HEX: Readonly<Record<string, string>> = {
  black: '#222222',
  white: '#f4f4f2',
  'heather grey': '#a7a9ac',
  grey: '#8a8d91',
  navy: '#1f2a44',
  olive: '#6b6b3a',
  burgundy: '#6d1a2a',
  sand: '#d8c7a2',
  'forest green': '#2f5d3a',
  'sky blue': '#7fb4e0',
  rust: '#b0502a',
  red: '#c0392b',
  blue: '#2e5fa8',
  silver: '#c0c4c8',
  'space grey': '#5b5e63',
  gold: '#d4b26a',
  midnight: '#1d2233',
  graphite: '#40434a',
  cream: '#f1e8d0',
  tan: '#c19a6b',
  brown: '#6b4a2b',
  pink: '#e8a0b4',
  charcoal: '#36454f',
  indigo: '#3b3f8c',
};

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

function hash32(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

function hsl(h: number, s: number, l: number): string {
  return `hsl(${h},${s}%,${l}%)`;
}

/** One recognisable silhouette per kind of product; the category is matched loosely so imports work too. */
function shapeFor(category: string, fill: string): string {
  const c = category.toLowerCase();
  if (/shoe|sneaker|boot|sandal|loafer|runner|footwear/.test(c)) {
    return `<path d="M70 250 L70 190 Q90 180 110 200 L170 225 Q230 235 240 255 L240 270 L70 270 Z" fill="${fill}"/>`;
  }
  if (/shirt|tee|top|hoodie|sweat|polo|jacket|coat|outerwear|apparel|dress|flannel|tank/.test(c)) {
    return `<path d="M110 110 L150 95 Q160 115 180 95 L220 110 L250 150 L225 170 L215 160 L215 270 L115 270 L115 160 L105 170 L80 150 Z" fill="${fill}"/>`;
  }
  if (/jean|chino|jogger|short|pant|trouser|bottom/.test(c)) {
    return `<path d="M115 100 L215 100 L225 270 L180 270 L165 160 L150 270 L105 270 Z" fill="${fill}"/>`;
  }
  if (/phone|tablet|electronic|watch/.test(c)) {
    return `<rect x="120" y="80" width="90" height="180" rx="14" fill="${fill}"/><rect x="128" y="94" width="74" height="146" rx="4" fill="#ffffff" opacity="0.35"/>`;
  }
  if (/headphone|earbud|speaker|audio/.test(c)) {
    return `<circle cx="165" cy="175" r="70" fill="${fill}"/><circle cx="165" cy="175" r="28" fill="#ffffff" opacity="0.4"/>`;
  }
  if (/bag|backpack|tote|accessor|hat|beanie|belt|sunglass/.test(c)) {
    return `<path d="M130 130 Q165 70 200 130" stroke="${fill}" stroke-width="12" fill="none"/><rect x="105" y="130" width="120" height="130" rx="16" fill="${fill}"/>`;
  }
  if (/mug|candle|vase|home|kitchen|cook|pillow|throw|towel|board/.test(c)) {
    return `<rect x="115" y="120" width="100" height="140" rx="10" fill="${fill}"/><ellipse cx="165" cy="120" rx="50" ry="12" fill="#ffffff" opacity="0.35"/>`;
  }
  return `<rect x="105" y="105" width="120" height="150" rx="20" fill="${fill}"/>`;
}

/** Splits the title into at most two lines of ~22 characters so it fits the 330-pixel-wide canvas. */
function titleLines(title: string): string[] {
  const words = title.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && (line + ' ' + w).length > 22) {
      lines.push(line);
      line = w;
    } else {
      line = line ? `${line} ${w}` : w;
    }
  }
  if (line) lines.push(line);
  if (lines.length > 2) return [lines[0] ?? '', `${(lines[1] ?? '').slice(0, 20)}…`];
  return lines;
}

export function renderProductImage(product: ImageSubject, variantColour?: string): string {
  const h = hash32(product.id);
  const hue = h % 360;
  const background = hsl(hue, 45, 90);
  const accent = hsl(hue, 35, 35);
  const named = variantColour ? COLOUR_HEX[variantColour.trim().toLowerCase()] : undefined;
  const fill = named ?? (variantColour ? hsl(hash32(variantColour) % 360, 50, 50) : hsl((hue + 180) % 360, 40, 45));
  const lines = titleLines(product.title);
  const text = lines
    .map((l, i) => `<text x="165" y="${300 + i * 20}" font-family="Helvetica, Arial, sans-serif" font-size="16" text-anchor="middle" fill="${accent}">${escapeXml(l)}</text>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="330" height="360" viewBox="0 0 330 360" role="img" aria-label="${escapeXml(product.title)}">` +
    `<rect width="330" height="360" fill="${background}"/>` +
    `<text x="165" y="40" font-family="Helvetica, Arial, sans-serif" font-size="13" font-weight="700" letter-spacing="2" text-anchor="middle" fill="${accent}">${escapeXml(product.brand.toUpperCase())}</text>` +
    shapeFor(product.category, fill) +
    text +
    `</svg>`
  );
}
