"""Draw the static images that stand for Puente outside its pages, from the logo's geometry.

The favicon in PNG (for browsers and crawlers that do not read the SVG one), the icon a
phone keeps on its home screen, and the default Open Graph image (1200 × 630) that a shared call
link shows. Run it again after changing the logo (puente/static/img/puente.svg) and commit the
files it writes: ``.venv/bin/python scripts/make_images.py``. Needs Pillow and Debian's DejaVu
fonts.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

IMG = Path(__file__).resolve().parents[1] / "puente" / "static" / "img"
BRAND = (15, 94, 99)  # --brand in puente.css
BRAND_DARK = (10, 66, 70)
WHITE = (255, 255, 255)
FONTS = Path("/usr/share/fonts/truetype/dejavu")
SCALE = 8  # drawn large, then reduced: smooth edges without an SVG renderer


def _curve(size: float, x: float, y: float) -> list[tuple[float, float]]:
    """The bridge's arch, ``M4 22 Q16 6 28 22`` in the logo's 32-unit box, as points."""
    k = size / 32
    points = []
    for i in range(257):
        t = i / 256
        px = (1 - t) ** 2 * 4 + 2 * (1 - t) * t * 16 + t**2 * 28
        py = (1 - t) ** 2 * 22 + 2 * (1 - t) * t * 6 + t**2 * 22
        points.append((x + px * k, y + py * k))
    return points


def _bridge(draw: ImageDraw.ImageDraw, size: float, x: float, y: float, color) -> None:
    k = size / 32
    radius = 1.25 * k  # the arch drawn with a round brush, so its ends and bends stay smooth
    for px, py in _curve(size, x, y):
        draw.ellipse([px - radius, py - radius, px + radius, py + radius], fill=color)
    draw.line([(x + 4 * k, y + 22 * k), (x + 28 * k, y + 22 * k)], fill=color, width=round(2 * k))
    for px, top in ((10, 17), (16, 14), (22, 17)):
        draw.line(
            [(x + px * k, y + 22 * k), (x + px * k, y + top * k)], fill=color, width=round(2 * k)
        )


def logo(size: int) -> Image.Image:
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([0, 0, big - 1, big - 1], radius=big * 7 / 32, fill=BRAND)
    _bridge(draw, big, 0, 0, WHITE)
    return image.resize((size, size), Image.LANCZOS)


def social_card() -> Image.Image:
    width, height = 1200, 630
    image = Image.new("RGB", (width * 2, height * 2), BRAND)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, height * 2 - 40, width * 2, height * 2], fill=BRAND_DARK)
    _bridge(draw, 560, 150, 250, WHITE)
    bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 220)
    regular = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 76)
    draw.text((820, 330), "Puente", font=bold, fill=WHITE)
    draw.text((830, 640), "Programas de mentoría", font=regular, fill=WHITE)
    draw.text((830, 750), "Mentoring programs", font=regular, fill=(204, 226, 227))
    return image.resize((width, height), Image.LANCZOS)


def main() -> None:
    logo(32).save(IMG / "favicon-32.png", optimize=True)
    logo(180).convert("RGB").save(IMG / "apple-touch-icon.png", optimize=True)
    social_card().save(IMG / "og-default.png", optimize=True)


if __name__ == "__main__":
    main()
