"""One exact way to print a number that is an answer: in notebooks, answer keys and exports.

``f"{x:g}"`` rounds to 6 significant digits and switches to exponent notation
(1234567 -> '1.23457e+06'), which an LMS would then grade as the right answer. Here every
digit the bank holds is kept and no exponent is ever written.
"""

from __future__ import annotations

from decimal import Decimal


def format_number(value: float) -> str:
    """'1234567', '0.5', '-2.25', '0.0001': the shortest text that reads back as ``value``."""
    if float(value).is_integer():
        return str(int(value))
    text = format(Decimal(repr(float(value))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
