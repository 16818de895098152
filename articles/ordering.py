"""Ordering helpers for queries whose best plan starts from a small set of rows."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import DateTimeField, ExpressionWrapper, F, Value


def sorted_after_filtering(field: str) -> ExpressionWrapper:
    """`field` as an expression no index can serve, to sort rows after finding them.

    Ordering by an indexed date with a LIMIT invites PostgreSQL to walk the whole date index
    hoping to meet the few rows wanted soon (a person's quotes, a rare word); when those rows
    are few, finding them first and sorting them is far cheaper.
    """
    return ExpressionWrapper(F(field) + Value(timedelta(0)), output_field=DateTimeField())
