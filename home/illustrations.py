"""Abstract geometric illustrations for the demo, drawn with Pillow when the demo is loaded.

The demo ships no photographs (and none of people: people get initials avatars). Covers for
knowledge products and the dialogue's picture are generated here from a seed word, so the same
demo always gets the same pictures; their titles and descriptions say they are generated.
"""

import io
import random

from django.core.files.base import ContentFile

# The design system's palette (static/css/site.css).
PALETTE = [(75, 42, 131), (46, 24, 86), (11, 110, 79), (255, 191, 71), (138, 75, 0), (31, 58, 95), (233, 227, 243)]

GENERATED_NOTE = "Generated illustration (abstract shapes), not a photograph."


def abstract_png(seed, size=(1200, 800)):
    """PNG bytes of an abstract composition of circles, bands and arcs, the same for the same ``seed``."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)  # noqa: S311 (artwork that must be the same every time, not a secret)
    width, height = size
    background, *others = rng.sample(PALETTE[:3] + [PALETTE[5]], 4)
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    # Diagonal bands
    for _band in range(3):
        colour = rng.choice(others + [PALETTE[6]])
        offset = rng.randint(-width // 2, width)
        thickness = rng.randint(width // 12, width // 5)
        draw.polygon(
            [(offset, 0), (offset + thickness, 0), (offset + thickness - height, height), (offset - height, height)],
            fill=colour,
        )
    # Circles and rings
    for _circle in range(rng.randint(3, 5)):
        radius = rng.randint(height // 10, height // 3)
        x, y = rng.randint(0, width), rng.randint(0, height)
        colour = rng.choice(PALETTE)
        if rng.random() < 0.5:
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
        else:
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=colour, width=max(6, radius // 6))
    # Two overlapping speech bubbles: the site's mark
    x, y, r = rng.randint(width // 8, width // 2), rng.randint(height // 6, height // 2), height // 7
    draw.rounded_rectangle((x, y, x + 3 * r, y + 2 * r), radius=r // 2, fill=PALETTE[3])
    draw.rounded_rectangle((x + 2 * r, y + int(1.4 * r), x + 5 * r, y + int(3.4 * r)), radius=r // 2, fill=PALETTE[6])
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def generated_image(seed, subject, size=(1200, 800)):
    """A Wagtail image of an abstract illustration for ``subject``, created once per seed."""
    from wagtail.images.models import Image

    title = f"Generated illustration: {subject}"
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    return Image.objects.create(
        title=title,
        description=GENERATED_NOTE,
        file=ContentFile(abstract_png(seed, size), name=f"generated-{seed}.png"),
    )
