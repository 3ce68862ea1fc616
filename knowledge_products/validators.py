"""Validation for publication metadata."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_isbn(value):
    """Accept an ISBN-10 or ISBN-13 (hyphens and spaces allowed) whose check digit is right."""
    digits = value.replace("-", "").replace(" ", "").upper()
    valid = False
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        total = sum((10 - i) * int(d) for i, d in enumerate(digits[:9]))
        total += 10 if digits[9] == "X" else int(digits[9])
        valid = total % 11 == 0
    elif len(digits) == 13 and digits.isdigit():
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
        valid = total % 10 == 0
    if not valid:
        raise ValidationError(_("Enter a valid ISBN-10 or ISBN-13, e.g. 978-3-16-148410-0."), code="invalid_isbn")
