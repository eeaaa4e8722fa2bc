"""Formatting numbers for reading, never more precise than the council gave them."""

from __future__ import annotations


def format_value(value: int | float, unit: str) -> str:
    if unit == "GBP":
        return f"£{value:,.0f}" if float(value).is_integer() else f"£{value:,.2f}"
    if unit == "percent":
        return f"{value:g}%"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def format_percent(numerator: float, denominator: float) -> str:
    """Whole percentages: the inputs are counts, so a decimal place would claim false precision."""
    share = 100 * numerator / denominator
    # Rounded, 0.5% reads "0%" (Python rounds halves to even): as if nothing happened.
    if share > 0 and round(share) == 0:
        return "less than 1%"
    # Likewise 199 of 200 would read "100%": as if every one did.
    if share < 100 and round(share) == 100:
        return "more than 99%"
    return f"{share:.0f}%"


def format_ratio(numerator: float, denominator: float) -> str:
    return f"{numerator / denominator:.1f}"
