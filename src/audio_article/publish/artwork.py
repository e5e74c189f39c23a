"""Show artwork: check a configured image, or draw a plain square cover with the title.

Apple wants a square JPEG or PNG of 1400-3000 px, RGB, 72 dpi, whose extension matches
its type, and a new file name whenever the art changes (STANDARDS.md §2.2 #9).
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import warnings
from pathlib import Path

from .errors import PublishError
from .store import write_atomic

SIZE = 1400
MIN_SIZE, MAX_SIZE = 1400, 3000
RECIPE = "cover-v1"  # change when the drawing changes, so the file name (URL) changes too
FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
LABEL = "Narrated with AI assistance"
# Tried in order; DejaVu covers more scripts than Pillow's built-in font.
FONTS = ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf")


def _pillow():
    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError:
        raise PublishError("drawing or checking cover art needs Pillow: "
                           "pip install Pillow") from None
    return Image, ImageDraw, ImageFont


COVER_GLOB = "cover-*.png"


def cover_name(title: str) -> str:
    digest = hashlib.sha256(f"{RECIPE}\n{title}".encode("utf-8")).hexdigest()
    return f"cover-{digest[:12]}.png"


def ensure_cover(folder: Path, title: str) -> str:
    """The name of the generated cover for ``title`` in ``folder``, drawn if missing."""
    name = cover_name(title)
    if not (folder / name).is_file():
        write_atomic(folder / name, render_cover(title))
    return name


def render_cover(title: str) -> bytes:
    Image, ImageDraw, _ = _pillow()
    image = Image.new("RGB", (SIZE, SIZE), _background(title))
    draw = ImageDraw.Draw(image)
    _draw_title(draw, title)
    small = _font(56)
    draw.text((120, SIZE - 180), LABEL, font=small, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(72, 72), optimize=True)
    return out.getvalue()


def _background(title: str) -> tuple[int, int, int]:
    """A dark colour picked by the title, so white text keeps its contrast."""
    hue = int(hashlib.sha256(title.encode("utf-8")).hexdigest()[:4], 16) / 0xFFFF
    red, green, blue = colorsys.hsv_to_rgb(hue, 0.65, 0.35)
    return int(red * 255), int(green * 255), int(blue * 255)


def _draw_title(draw, title: str) -> None:
    for size in (150, 120, 96, 80, 64):
        font = _font(size)
        lines = _wrap(draw, title, font, SIZE - 240)
        if len(lines) * size * 1.2 <= SIZE - 520:
            break
    lines = lines[:8]
    for number, line in enumerate(lines):
        draw.text((120, 160 + number * size * 1.2), line, font=font, fill=(255, 255, 255))


def _wrap(draw, text: str, font, width: int) -> list[str]:
    """Greedy word wrap by rendered width; a word wider than a line is cut by characters."""
    lines: list[str] = []
    for word in text.split():
        while draw.textlength(word, font=font) > width and len(word) > 1:
            cut = max(1, len(word) * width // int(draw.textlength(word, font=font) + 1))
            lines, word = _add(lines, word[:cut], draw, font, width), word[cut:]
        lines = _add(lines, word, draw, font, width)
    return lines or [text]


def _add(lines: list[str], word: str, draw, font, width: int) -> list[str]:
    if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
        return lines[:-1] + [f"{lines[-1]} {word}"]
    return lines + [word]


def _font(size: int):
    _, _, ImageFont = _pillow()
    for name in FONTS:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def artwork_problems(path: Path) -> list[str]:
    """What keeps the image at ``path`` from being Apple podcast artwork (§2.2 #9). Only
    the header is read: the pixels are never decoded."""
    Image, _, _ = _pillow()
    try:
        with warnings.catch_warnings():
            # Pillow warns past 89 million pixels and refuses past twice that (a PNG or
            # JPEG claiming 50,000 x 50,000 pixels in a few bytes): both mean "not artwork".
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                fmt, (width, height), mode = image.format, image.size, image.mode
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return [f"{path.name} claims more than {Image.MAX_IMAGE_PIXELS:,} pixels; artwork "
                f"is at most {MAX_SIZE}x{MAX_SIZE} px"]
    except (OSError, ValueError) as exc:
        return [f"{path.name} is not a readable image ({exc})"]
    problems = []
    expected = FORMATS.get(path.suffix.lower())
    if expected is None or fmt != expected:
        problems.append(f"{path.name} is {fmt}; use a .png or .jpg whose extension matches")
    if width != height or not MIN_SIZE <= width <= MAX_SIZE:
        problems.append(f"{path.name} is {width}x{height}; artwork must be square, "
                        f"{MIN_SIZE}-{MAX_SIZE} px")
    if mode != "RGB":
        problems.append(f"{path.name} has colour mode {mode}; artwork must be RGB")
    return problems
