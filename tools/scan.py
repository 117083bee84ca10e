"""Test fixtures: turn a typeset decree PDF into a simulated scan (an image-only PDF).

Each page is rasterised, turned by a small random angle (a sheet laid askew on
the scanner), blurred a little, given sensor noise and saved as a JPEG page, as
office scanners do. Three grades stand for the scans ministries publish:

    good    300 dpi, mild noise, JPEG quality 85-90, at most 0.5 degree askew
    office  200 dpi, JPEG quality 60-70, at most 1 degree askew
    poor    150 dpi, JPEG quality 40-50, 1.5-2 degrees askew, dust specks, a round ink stamp
            over each `ttd` (the signature; a page of its own choosing when there is none),
            the mirrored other side of the sheet showing through faintly, in colour

The random choices come from `seed`, so a fixture is the same on every machine.

    python -m tools.scan IN.pdf OUT.pdf [--grade good|office|poor] [--seed 1]
    python -m tools.scan IN.pdf OUT.pdf [--dpi 250] [--max-angle 1.0] [--seed 1]
"""

from __future__ import annotations

import argparse
import io
import math
import random
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

STAMP_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
STAMP_TEXT = "KEMENTERIAN PENDAYAGUNAAN APARATUR NEGARA DAN REFORMASI BIROKRASI"


@dataclass(frozen=True)
class ScanSettings:
    dpi: int = 250
    max_angle: float = 1.0  # degrees, either way
    noise: float = 12.0  # standard deviation of the grey-level noise
    blur: float = 0.6  # Gaussian blur radius, pixels
    jpeg_quality: int = 70
    seed: int = 1
    min_angle: float = 0.0  # the angle's size is drawn from [min_angle, max_angle], its sign at random
    speckles: float = 0.0  # dark specks per square inch
    stamp: bool = False  # a round ink stamp over each `ttd`
    show_through: float = 0.0  # how dark the mirrored other side shows (0: not at all)
    colour: bool = False  # an RGB scan (else grey)
    grade: str = ""  # the grade these settings were drawn for, if any

    @classmethod
    def for_grade(cls, grade: str, seed: int = 1) -> "ScanSettings":
        """The settings of a named grade (good, office, poor), the ranges drawn from `seed`."""
        rng = random.Random(f"skj-scan-{grade}-{seed}")
        if grade == "good":
            return cls(dpi=300, max_angle=0.5, noise=5.0, blur=0.4, jpeg_quality=rng.randint(85, 90), seed=seed,
                       grade=grade)
        if grade == "office":
            return cls(dpi=200, max_angle=1.0, noise=10.0, blur=0.6, jpeg_quality=rng.randint(60, 70), seed=seed,
                       grade=grade)
        if grade == "poor":
            return cls(dpi=150, min_angle=1.5, max_angle=2.0, noise=14.0, blur=0.7, jpeg_quality=rng.randint(40, 50),
                       seed=seed, speckles=rng.uniform(2.0, 5.0), stamp=True, show_through=rng.uniform(0.08, 0.14),
                       colour=True, grade=grade)
        raise ValueError(f"unknown scan grade {grade!r} (good, office, poor)")


GRADES = ("good", "office", "poor")


def _angle(settings: ScanSettings, rng: random.Random) -> float:
    if settings.min_angle <= 0:
        return rng.uniform(-settings.max_angle, settings.max_angle)
    return rng.choice((-1, 1)) * rng.uniform(settings.min_angle, settings.max_angle)


def stamp_image(radius: int, colour: tuple[int, int, int], rng: random.Random):
    """A round ink stamp (RGBA): two rings, the ministry's name around, a star in the middle, uneven ink."""
    from PIL import Image, ImageDraw, ImageFont

    size = 2 * radius + 4
    img = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(img)
    c = size / 2
    for r, w in ((radius, max(2, radius // 28)), (radius * 0.70, max(1, radius // 45))):
        d.ellipse([c - r, c - r, c + r, c + r], outline=255, width=int(w))
    font = ImageFont.truetype(STAMP_FONT, max(8, int(radius * 0.16)))
    text = STAMP_TEXT + " * "
    step = 340.0 / len(text)
    for i, ch in enumerate(text):
        angle = -160 + i * step  # degrees from the top, clockwise
        glyph = Image.new("L", (font.size * 2, font.size * 2), 0)
        ImageDraw.Draw(glyph).text((font.size * 0.5, font.size * 0.3), ch, fill=255, font=font)
        glyph = glyph.rotate(-angle, resample=Image.BICUBIC)
        rad = math.radians(angle)
        rr = radius * 0.85
        x, y = c + rr * math.sin(rad), c - rr * math.cos(rad)
        img.paste(255, (int(x - glyph.width / 2), int(y - glyph.height / 2)), glyph)
    star = [(c + (radius * (0.3 if k % 2 == 0 else 0.12)) * math.sin(math.radians(k * 36)),
             c - (radius * (0.3 if k % 2 == 0 else 0.12)) * math.cos(math.radians(k * 36))) for k in range(10)]
    d.polygon(star, fill=255)
    ink = np.asarray(img, dtype=np.float32) / 255.0
    uneven = np.random.default_rng(rng.randrange(2**32)).uniform(0.45, 0.9, ink.shape).astype(np.float32)
    alpha = (ink * uneven * 255).astype(np.uint8)
    rgba = Image.new("RGBA", img.size, colour + (0,))
    rgba.putalpha(Image.fromarray(alpha))
    return rgba.rotate(rng.uniform(-25, 25), resample=Image.BICUBIC)


def signature_spots(pdf_in: Path) -> dict[int, list[tuple[float, float]]]:
    """Per page (0-based), where a stamp goes: over the left part of each `ttd`, as a share of the page."""
    import pdfplumber

    spots: dict[int, list[tuple[float, float]]] = {}
    with pdfplumber.open(pdf_in) as pdf:
        for index, page in enumerate(pdf.pages):
            for w in page.extract_words():
                if w["text"].lower().rstrip(".") == "ttd":
                    spots.setdefault(index, []).append(((w["x0"] - 10) / page.width, (w["top"] - 4) / page.height))
    return spots


def scan_page(image, settings: ScanSettings, rng: random.Random, back=None, stamps=()) -> tuple[object, float]:
    """One page image as a scanner would give it back (and the angle it was turned by). `back`: the
    page printed on the other side (shows through mirrored); `stamps`: where to press a stamp (shares
    of the page)."""
    from PIL import Image, ImageFilter

    page = image.convert("RGB" if settings.colour else "L")
    if settings.show_through and back is not None:
        other = np.asarray(back.convert("L").resize(page.size).transpose(Image.FLIP_LEFT_RIGHT), dtype=np.float32)
        other = np.asarray(Image.fromarray(other.astype(np.uint8)).filter(ImageFilter.GaussianBlur(1.5)), dtype=np.float32)
        shade = 1.0 - settings.show_through * (1.0 - other / 255.0)
        pixels = np.asarray(page, dtype=np.float32)
        pixels = pixels * (shade[..., None] if pixels.ndim == 3 else shade)
        page = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    for fx, fy in stamps:
        colour = rng.choice(((40, 60, 170), (90, 60, 150), (80, 90, 130)))  # blue, violet, grey-blue ink
        stamp = stamp_image(int(settings.dpi * 0.75), colour, rng)
        x = int(fx * page.width - stamp.width * 0.35 + rng.uniform(-0.1, 0.1) * stamp.width)
        y = int(fy * page.height - stamp.height / 2 + rng.uniform(-0.15, 0.15) * stamp.height)
        base = page.convert("RGB")
        base.paste(stamp, (x, y), stamp)
        page = base if settings.colour else base.convert("L")
    angle = _angle(settings, rng)
    fill = (255, 255, 255) if page.mode == "RGB" else 255
    page = page.rotate(angle, resample=Image.BICUBIC, fillcolor=fill, expand=False)
    page = page.filter(ImageFilter.GaussianBlur(settings.blur))
    nrng = np.random.default_rng(rng.randrange(2**32))
    pixels = np.asarray(page, dtype=np.float32)
    noise = nrng.normal(0, settings.noise, pixels.shape[:2])
    pixels = pixels + (noise[..., None] if pixels.ndim == 3 else noise)
    if settings.speckles:
        h, w = pixels.shape[:2]
        count = int(settings.speckles * (w / settings.dpi) * (h / settings.dpi))
        ys, xs = nrng.integers(0, h, count), nrng.integers(0, w, count)
        sizes = nrng.choice([0, 0, 0, 1, 1, 2], count)
        for y, x, s in zip(ys, xs, sizes):
            pixels[max(0, y - s):y + s + 1, max(0, x - s):x + s + 1] = nrng.uniform(20, 90)
        edge = int(w * 0.012)  # the scanner lid's shadow along one edge
        ramp = np.linspace(0.55, 1.0, edge, dtype=np.float32)
        if pixels.ndim == 3:
            pixels[:, :edge] *= ramp[None, :, None]
        else:
            pixels[:, :edge] *= ramp[None, :]
    page = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    page.save(buffer, "JPEG", quality=settings.jpeg_quality)
    return Image.open(io.BytesIO(buffer.getvalue())), angle


def scan(pdf_in: Path, pdf_out: Path, settings: ScanSettings = ScanSettings(),
         pages: range | None = None) -> list[float]:
    """Write the simulated scan of `pdf_in` (optionally only `pages`, 0-based) and return the angles used."""
    import pypdfium2 as pdfium

    rng = random.Random(settings.seed)
    doc = pdfium.PdfDocument(str(pdf_in))
    try:
        indices = list(pages if pages is not None else range(len(doc)))
        rendered = {i: doc[i].render(scale=settings.dpi / 72).to_pil() for i in indices}
        if settings.show_through:  # the other side of each sheet: the next page (the one before, for the last)
            for i in indices:
                other = i + 1 if i + 1 < len(doc) else i - 1
                if other >= 0 and other not in rendered:
                    rendered[other] = doc[other].render(scale=settings.dpi / 72).to_pil()
        total = len(doc)
    finally:
        doc.close()
    stamps: dict[int, list] = {}
    if settings.stamp:
        stamps = signature_spots(pdf_in)
        if not stamps:  # no signature: a stamp somewhere on one page
            stamps = {rng.choice(indices): [(rng.uniform(0.3, 0.7), rng.uniform(0.5, 0.85))]}
    images, angles = [], []
    for index in indices:
        other = index + 1 if index + 1 < total else index - 1
        back = rendered.get(other) if settings.show_through else None
        scanned, angle = scan_page(rendered[index], settings, rng, back, stamps.get(index, [])[:3])
        images.append(scanned)
        angles.append(angle)
    tmp = pdf_out.with_name(pdf_out.name + ".tmp")
    images[0].save(tmp, "PDF", resolution=settings.dpi, save_all=True, append_images=images[1:])
    tmp.replace(pdf_out)
    return angles


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.scan", description=__doc__.split("\n\n")[0])
    p.add_argument("pdf_in", type=Path)
    p.add_argument("pdf_out", type=Path)
    p.add_argument("--grade", choices=GRADES, help="a named grade (sets dpi, angles, noise, JPEG quality, ...)")
    p.add_argument("--dpi", type=int, default=None)
    p.add_argument("--max-angle", type=float, default=None)
    p.add_argument("--seed", type=int, default=ScanSettings.seed)
    args = p.parse_args(argv)
    settings = ScanSettings.for_grade(args.grade, args.seed) if args.grade else ScanSettings(seed=args.seed)
    if args.dpi is not None:
        settings = replace(settings, dpi=args.dpi)
    if args.max_angle is not None:
        settings = replace(settings, max_angle=args.max_angle)
    angles = scan(args.pdf_in, args.pdf_out, settings)
    print(f"{args.pdf_out}: {len(angles)} pages at {settings.dpi} dpi, JPEG {settings.jpeg_quality}, "
          f"angles {min(angles):+.2f}..{max(angles):+.2f} degrees")
    return 0


if __name__ == "__main__":
    sys.exit(main())
