"""Test fixtures: hostile PDFs written by hand: pages far larger than any decree's, a huge image drawn on several pages.

Written byte by byte (no library would write some of these), small on disk: a 20000 x 20000
white RGB image is 1.2 GB decoded but 1.2 MB as a Flate stream, built from one compressed
block repeated (each ends on a full flush, so the blocks are independent).
"""

from __future__ import annotations

import zlib
from pathlib import Path


def _white_image(width: int, height: int, colours: int) -> bytes:
    """A zlib stream of `height` white rows of `width` pixels of `colours` samples."""
    rows = max(1, min(height, 4_000_000 // (width * colours)))
    block = b"\xff" * (width * colours * rows)
    compressor = zlib.compressobj(9)
    piece = (compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH))[2:]  # without the zlib header
    blocks, rest = divmod(height, rows)
    adler = 1
    for _ in range(blocks):
        adler = zlib.adler32(block, adler)
    data = b"\x78\xda" + piece * blocks
    if rest:
        last = b"\xff" * (width * colours * rest)
        c = zlib.compressobj(9)
        data += (c.compress(last) + c.flush(zlib.Z_FULL_FLUSH))[2:]
        adler = zlib.adler32(last, adler)
    return data + b"\x03\x00" + adler.to_bytes(4, "big")  # an empty final block, then the checksum


def write_pdf(path: Path, pages: list[tuple[float, float]], image: tuple[int, int, int] | None = None) -> Path:
    """A PDF of `pages` (width, height in points), each drawing `image` (width, height, colours: a
    white image, one XObject shared by every page) over the whole page, or blank."""
    objects: list[bytes] = [b"", b""]  # catalog and page tree, filled in last
    image_ref = None
    if image is not None:
        width, height, colours = image
        data = _white_image(width, height, colours)
        space = "/DeviceRGB" if colours == 3 else "/DeviceGray"
        objects.append(f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace {space} "
                       f"/BitsPerComponent 8 /Filter /FlateDecode /Length {len(data)} >>\nstream\n".encode()
                       + data + b"\nendstream")
        image_ref = len(objects)
    kids = []
    for width, height in pages:
        content = f"q {width} 0 0 {height} 0 0 cm /Im0 Do Q".encode() if image_ref else b""
        objects.append(f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream")
        resources = f"<< /XObject << /Im0 {image_ref} 0 R >> >>" if image_ref else "<< >>"
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] /Contents {len(objects)} 0 R "
                       f"/Resources {resources} >>".encode())
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path
