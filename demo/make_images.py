#!/usr/bin/env python3
"""Generate the placeholder images of the Harbour Ledger demo site.

Stdlib only (zlib + struct). For every article page in site/articles/<slug>.html
it writes site/images/<slug>.png (640x360), plus site/images/logo.png (240x60).
The output is deterministic: the pattern and base colour depend on the position of
the slug in the sorted list of articles (so that neighbours always differ), the
details (sun, rings, highlighted tile) on a CRC-32 of the slug.

    python demo/make_images.py
"""
import colorsys
import math
import struct
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
SITE = HERE / "site"
WIDTH, HEIGHT = 640, 360


def png_bytes(width, height, rows):
    """Encode RGB rows (each a bytes object of width*3) as a PNG file."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = bytearray()
    prev = bytes(width * 3)
    for row in rows:
        # Pick the cheapest of the filters None (0), Sub (1) and Up (2).
        sub = bytes((row[i] - (row[i - 3] if i >= 3 else 0)) & 0xFF for i in range(len(row)))
        up = bytes((row[i] - prev[i]) & 0xFF for i in range(len(row)))
        candidates = [(0, row), (1, sub), (2, up)]
        ftype, data = min(candidates, key=lambda c: sum(b if b < 128 else 256 - b for b in c[1]))
        raw.append(ftype)
        raw += data
        prev = row
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


def hsv(h, s, v):
    r, g, b = colorsys.hsv_to_rgb(h % 1.0, s, v)
    return (int(r * 255), int(g * 255), int(b * 255))


def mix(c1, c2, t):
    return tuple(int(a + (b - a) * t) for a, b in zip(c1, c2))


def quant(t, steps=12):
    """Quantise 0..1 into a few steps: flat areas keep the files small."""
    return min(steps - 1, int(t * steps)) / (steps - 1)


def pixel_fn(slug, index):
    seed = zlib.crc32(slug.encode("utf-8"))
    hue = (index * 0.618034) % 1.0
    kind = index % 5
    dark = hsv(hue, 0.65, 0.35)
    light = hsv(hue + 0.08, 0.35, 0.95)
    accent = hsv(hue + 0.5, 0.75, 0.9)
    cx = 140 + (seed >> 3) % 360
    cy = 90 + (seed >> 5) % 120
    radius = 50 + (seed >> 7) % 40

    def landscape(x, y):  # sky, sun and sea with a horizon
        horizon = 230
        if (x - cx) ** 2 + (y - cy + 30) ** 2 < radius ** 2 and y < horizon:
            return accent
        if y < horizon:
            return mix(light, dark, quant(y / horizon * 0.6))
        band = int((y - horizon) / 8 + 2 * math.sin(x / 40.0)) % 2
        return mix(dark, light, 0.15 + 0.15 * band)

    def stripes(x, y):  # diagonal stripes over a gradient
        t = quant(x / WIDTH)
        if ((x + y) // 40) % 2:
            return mix(dark, accent, t * 0.5)
        return mix(light, dark, t * 0.3)

    def rings(x, y):  # concentric rings
        d = math.hypot(x - cx, y - cy)
        return [dark, light, accent, light][int(d // 30) % 4]

    def waves(x, y):  # horizontal waves
        off = 18 * math.sin(x / 55.0 + seed % 7)
        band = int((y + off) // 45)
        return mix(dark, light, quant((band % 8) / 7, 8))

    def blocks(x, y):  # grid of tiles with one highlighted block
        gx, gy = x // 80, y // 60
        if (gx, gy) == (cx // 80, cy // 60) or (gx + gy) % 5 == 0:
            return accent
        return mix(dark, light, quant(((gx * 3 + gy * 5) % 8) / 7, 8))

    fn = [landscape, stripes, rings, waves, blocks][kind]

    def with_frame(x, y):
        if y >= HEIGHT - 24:  # a plain strip at the bottom, like a photo credit bar
            return dark
        return fn(x, y)

    return with_frame


def render(slug, index, width=WIDTH, height=HEIGHT):
    fn = pixel_fn(slug, index)
    rows = []
    for y in range(height):
        row = bytearray()
        for x in range(width):
            row += bytes(fn(x, y))
        rows.append(bytes(row))
    return png_bytes(width, height, rows)


def render_logo():
    navy, gold = (16, 42, 77), (226, 178, 62)
    rows = []
    for y in range(60):
        row = bytearray()
        for x in range(240):
            wave = 40 + 6 * math.sin(x / 12.0)
            row += bytes(gold if abs(y - wave) < 3 or (x < 60 and 14 < y < 46 and x > 14) else navy)
        rows.append(bytes(row))
    return png_bytes(240, 60, rows)


def main():
    out = SITE / "images"
    out.mkdir(parents=True, exist_ok=True)
    slugs = sorted(p.stem for p in (SITE / "articles").glob("*.html"))
    for index, slug in enumerate(slugs):
        data = render(slug, index)
        (out / f"{slug}.png").write_bytes(data)
        print(f"{slug}.png  {len(data)} bytes")
    (out / "logo.png").write_bytes(render_logo())
    print(f"logo.png  {(out / 'logo.png').stat().st_size} bytes")


if __name__ == "__main__":
    main()
