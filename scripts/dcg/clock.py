"""The day the guide is built and checked for.

`SOURCE_DATE_EPOCH` (seconds since 1970-01-01 UTC, the reproducible-builds convention) when it is
set, otherwise today's date in UTC. The same commit with the same `SOURCE_DATE_EPOCH` gives the same
site; figures switch to their new value on the day they take effect, without anyone editing a page.
"""
from __future__ import annotations

import datetime as dt
import os


class ClockError(ValueError):
    """SOURCE_DATE_EPOCH is set to something that is not a time."""


def today(environ=None) -> dt.date:
    raw = (environ if environ is not None else os.environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return dt.datetime.now(dt.timezone.utc).date()
    try:
        return dt.datetime.fromtimestamp(int(raw), dt.timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        raise ClockError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC (for example 1798761600), not '{raw}'") from None


def epoch_of(day: dt.date) -> str:
    """The SOURCE_DATE_EPOCH value for the start of a day (UTC)."""
    return str(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp()))
