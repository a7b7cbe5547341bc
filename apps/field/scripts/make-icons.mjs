// Draws the app's icons (a white map pin on the app's colour) as PNG and SVG into public/icons.
// Run once with `node apps/field/scripts/make-icons.mjs`; the outputs are committed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../public/icons');
const background = [0xc2, 0x41, 0x0c];
const white = [0xff, 0xff, 0xff];

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) {
    c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) {
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** In a 1×1 square: is the point inside the pin (head circle, tapering point, minus the hole)? */
function inPin(x, y, scale) {
  const cx = 0.5;
  const cy = 0.5 - 0.09 * scale;
  const r = 0.23 * scale;
  const tipY = cy + 0.4 * scale;
  const dx = x - cx;
  const dy = y - cy;
  const inHole = dx * dx + dy * dy < (0.095 * scale) ** 2;
  if (inHole) {
    return false;
  }
  if (dx * dx + dy * dy < r * r) {
    return true;
  }
  if (y < cy || y > tipY) {
    return false;
  }
  // The sides of the point are tangent-ish lines from the head's widest part to the tip.
  const half = r * (1 - (y - cy) / (tipY - cy));
  return Math.abs(dx) < half;
}
function inRoundedSquare(x, y, radius) {
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - radius), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - radius), 0);
  return qx * qx + qy * qy < radius * radius;
}

function draw(size, { maskable }) {
  const rgba = Buffer.alloc(size * size * 4);
  const samples = 4;
  const scale = maskable ? 0.8 : 1;
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let pin = 0;
      let fill = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          if (maskable || inRoundedSquare(x, y, 0.18)) {
            fill += 1;
            if (inPin(x, y, scale)) {
              pin += 1;
            }
          }
        }
      }
      const total = samples * samples;
      const t = fill === 0 ? 0 : pin / fill;
      const offset = (py * size + px) * 4;
      for (let c = 0; c < 3; c += 1) {
        rgba[offset + c] = Math.round(background[c] * (1 - t) + white[c] * t);
      }
      rgba[offset + 3] = Math.round((fill / total) * 255);
    }
  }
  return encodePng(size, rgba);
}

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <rect width="100" height="100" rx="18" fill="#c2410c"/>
  <path d="M50 81 L27 41 A23 23 0 1 1 73 41 Z" fill="#fff"/>
  <circle cx="50" cy="41" r="9.5" fill="#c2410c"/>
</svg>
`;

fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'icon-192.png'), draw(192, { maskable: false }));
fs.writeFileSync(path.join(outDir, 'icon-512.png'), draw(512, { maskable: false }));
fs.writeFileSync(path.join(outDir, 'icon-512-maskable.png'), draw(512, { maskable: true }));
fs.writeFileSync(path.join(outDir, 'icon.svg'), svg);
console.log(`icons written to ${outDir}`);
