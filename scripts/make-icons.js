#!/usr/bin/env node
// Draws the add-in's ribbon and manifest icons into assets/ (node scripts/make-icons.js).
// The glyph: a sheet with a red header row and grid lines, and a red badge with a white check mark.
// Pure Node (zlib): shapes are rendered with 8×8 supersampling and written as RGBA PNGs.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const SIZES = [16, 32, 64, 80];
const RED = [179, 38, 30, 255]; // #B3261E
const DARK = [55, 55, 60, 255]; // #37373C
const GRID = [120, 120, 128, 255];
const WHITE = [255, 255, 255, 255];
const PAPER = [252, 250, 246, 255];

function roundedRect(x0, y0, x1, y1, r) {
  return (x, y) => {
    const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
    const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
    return Math.hypot(dx, dy) <= r && x >= x0 && x <= x1 && y >= y0 && y <= y1;
  };
}
function rect(x0, y0, x1, y1) {
  return (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
}
function circle(cx, cy, r) {
  return (x, y) => Math.hypot(x - cx, y - cy) <= r;
}
function segment(ax, ay, bx, by, w) {
  return (x, y) => {
    const vx = bx - ax;
    const vy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
    return Math.hypot(x - (ax + t * vx), y - (ay + t * vy)) <= w / 2;
  };
}
function inside(shape, clip) {
  return (x, y) => shape(x, y) && clip(x, y);
}

/** The layers, painted in order, in unit coordinates; line widths never thinner than about one pixel. */
function layers(size) {
  const px = 1 / size;
  // Edges snap to whole pixels and lines are whole pixels wide, so small icons stay crisp.
  const snap = (v) => Math.round(v * size) / size;
  const lw = Math.max(1, Math.round(0.055 * size)) * px;
  const line = (v) => snap(v - lw / 2) + lw / 2;
  const [sx0, sy0, sx1, sy1] = [0.08, 0.1, 0.78, 0.86].map(snap);
  const inner = roundedRect(sx0 + lw, sy0 + lw, sx1 - lw, sy1 - lw, 0.04);
  const rows = (size <= 16 ? [0.56] : [0.49, 0.675]).map(line);
  const cols = (size <= 16 ? [0.36] : [0.33, 0.55]).map(line);
  const header = snap(0.3);
  const badge = { cx: 0.73, cy: 0.73, r: size <= 16 ? 0.27 : 0.245 };
  const check = Math.max(0.075, 1.6 * px);
  const out = [
    [roundedRect(sx0, sy0, sx1, sy1, 0.08), DARK],
    [inner, PAPER],
    [inside(rect(sx0, sy0, sx1, header), inner), RED],
  ];
  for (const y of rows) out.push([inside(rect(sx0, y - lw / 2, sx1, y + lw / 2), inner), GRID]);
  for (const x of cols) out.push([inside(rect(x - lw / 2, header, x + lw / 2, sy1), inner), GRID]);
  out.push(
    [circle(badge.cx, badge.cy, badge.r + Math.max(0.045, px)), WHITE],
    [circle(badge.cx, badge.cy, badge.r), RED],
    [segment(badge.cx - 0.12, badge.cy + 0.005, badge.cx - 0.035, badge.cy + 0.09, check), WHITE],
    [segment(badge.cx - 0.035, badge.cy + 0.09, badge.cx + 0.125, badge.cy - 0.085, check), WHITE],
  );
  return out;
}

function render(size) {
  const ss = 8;
  const paint = layers(size);
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const x = (px + (sx + 0.5) / ss) / size;
          const y = (py + (sy + 0.5) / ss) / size;
          let colour = null;
          for (const [shape, c] of paint) if (shape(x, y)) colour = c;
          if (colour) {
            // Premultiplied accumulation so edges blend with transparency correctly.
            for (let i = 0; i < 3; i++) acc[i] += colour[i] * colour[3];
            acc[3] += colour[3];
          }
        }
      }
      const n = ss * ss;
      const a = acc[3] / n;
      const o = (py * size + px) * 4;
      for (let i = 0; i < 3; i++) pixels[o + i] = a > 0 ? Math.round(acc[i] / acc[3]) : 0;
      pixels[o + 3] = Math.round(a);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const outDir = path.join(__dirname, '..', 'assets');
fs.mkdirSync(outDir, { recursive: true });
for (const size of SIZES) {
  const file = path.join(outDir, `icon-${size}.png`);
  fs.writeFileSync(file, png(size, render(size)));
  console.log(path.relative(process.cwd(), file));
}
