"""Test fixtures: turn a typeset decree PDF into a simulated scan (an image-only PDF).

Each page is rasterised, turned by a small random angle (a sheet laid askew on
the scanner), blurred a little, given sensor noise and saved as a JPEG page, as
office scanners do. The random choices come from `seed`, so a fixture is the
same on every machine.

    python -m tools.scan IN.pdf OUT.pdf [--dpi 250] [--max-angle 1.0] [--seed 1]
"""

from __future__ import annotations

import argparse
import io
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class ScanSettings:
    dpi: int = 250
    max_angle: float = 1.0  # degrees, either way
    noise: float = 12.0  # standard deviation of the grey-level noise
    blur: float = 0.6  # Gaussian blur radius, pixels
    jpeg_quality: int = 70
    seed: int = 1


def scan_page(image, settings: ScanSettings, rng: random.Random):
    """One page image as a scanner would give it back."""
    from PIL import Image, ImageFilter

    angle = rng.uniform(-settings.max_angle, settings.max_angle)
    page = image.convert("L").rotate(angle, resample=Image.BICUBIC, fillcolor=255, expand=False)
    page = page.filter(ImageFilter.GaussianBlur(settings.blur))
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, settings.noise, (page.height, page.width))
    page = Image.fromarray(np.clip(np.asarray(page, dtype=np.float32) + noise, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    page.save(buffer, "JPEG", quality=settings.jpeg_quality)
    return Image.open(io.BytesIO(buffer.getvalue())), angle


def scan(pdf_in: Path, pdf_out: Path, settings: ScanSettings = ScanSettings(),
         pages: range | None = None) -> list[float]:
    """Write the simulated scan of `pdf_in` (optionally only `pages`, 0-based) and return the angles used."""
    import pypdfium2 as pdfium

    rng = random.Random(settings.seed)
    doc = pdfium.PdfDocument(str(pdf_in))
    images, angles = [], []
    try:
        for index in pages if pages is not None else range(len(doc)):
            image = doc[index].render(scale=settings.dpi / 72).to_pil()
            scanned, angle = scan_page(image, settings, rng)
            images.append(scanned)
            angles.append(angle)
    finally:
        doc.close()
    tmp = pdf_out.with_name(pdf_out.name + ".tmp")
    images[0].save(tmp, "PDF", resolution=settings.dpi, save_all=True, append_images=images[1:])
    tmp.replace(pdf_out)
    return angles


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.scan", description=__doc__.split("\n\n")[0])
    p.add_argument("pdf_in", type=Path)
    p.add_argument("pdf_out", type=Path)
    p.add_argument("--dpi", type=int, default=ScanSettings.dpi)
    p.add_argument("--max-angle", type=float, default=ScanSettings.max_angle)
    p.add_argument("--seed", type=int, default=ScanSettings.seed)
    args = p.parse_args(argv)
    angles = scan(args.pdf_in, args.pdf_out, ScanSettings(dpi=args.dpi, max_angle=args.max_angle, seed=args.seed))
    print(f"{args.pdf_out}: {len(angles)} pages, angles {min(angles):+.2f}..{max(angles):+.2f} degrees")
    return 0


if __name__ == "__main__":
    sys.exit(main())
