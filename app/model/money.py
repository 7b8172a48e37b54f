"""Exact money: Decimal in memory, integer minor units (cents) in the store."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal(0)


def money(value: object) -> Decimal:
    """Turn user or file input into an exact Decimal; floats are refused on purpose."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (bool, float)):
        raise TypeError(f"money must not be {type(value).__name__}: {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    text = str(value).strip().replace(",", "")
    if not text:
        return ZERO
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"not an amount of money: {value!r}") from exc


def round_money(amount: Decimal, digits: int = 2) -> Decimal:
    """Round to the currency's minor unit, half-up as finance expects on invoices."""
    quantum = Decimal(1).scaleb(-digits)
    return amount.quantize(quantum, rounding=ROUND_HALF_UP)


def to_minor(amount: Decimal, digits: int = 2) -> int:
    """Decimal amount to integer minor units (banker's rounding only for sub-cent dust)."""
    scaled = (amount * (Decimal(10) ** digits)).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    return int(scaled)


def from_minor(minor: int, digits: int = 2) -> Decimal:
    """Integer minor units back to an exact Decimal."""
    return Decimal(minor).scaleb(-digits)


def format_money(amount: Decimal, digits: int = 2) -> str:
    """A plain decimal string with the currency's digits, e.g. ``1234.50``."""
    return f"{round_money(amount, digits):.{digits}f}"
