"""Ordering helpers for queries whose best plan starts from a small set of rows."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import DateTimeField, ExpressionWrapper, F, QuerySet, Value


def sorted_after_filtering(field: str) -> ExpressionWrapper:
    """`field` as an expression no index can serve, to sort rows after finding them.

    Ordering by an indexed date with a LIMIT invites PostgreSQL to walk the whole date index
    hoping to meet the few rows wanted soon (a person's quotes, a rare word); when those rows
    are few, finding them first and sorting them is far cheaper.
    """
    return ExpressionWrapper(F(field) + Value(timedelta(0)), output_field=DateTimeField())


def rows_by_id(queryset: QuerySet, ids: list[int], related: tuple[str, ...] = ()) -> list:
    """The rows of `queryset` with these ids, in the order of the ids (missing ones left out)."""
    rows = queryset.filter(pk__in=ids).select_related(*related).in_bulk()
    return [rows[pk] for pk in ids if pk in rows]


class TwoStepList:
    """A sliceable list for a Paginator: ids of the slice first, then those rows whole.

    Sorting thousands of candidates needs only their ids and dates (from indexes); fetching
    whole rows (an article's body) for all of them just to keep twenty is the slow part.
    `first_ids`, when known (cached), serve the slices they cover without sorting at all.
    """

    def __init__(
        self,
        ordered: QuerySet,
        count: int,
        related: tuple[str, ...] = (),
        first_ids: list[int] = (),
    ):
        # Not "ordered": Paginator reads that attribute to warn about unordered lists.
        self.rows, self.length, self.related = ordered, count, related
        self.first_ids = list(first_ids)
        self.ordered = True

    def count(self) -> int:
        return self.length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, window: slice) -> list:
        if window.stop is not None and window.stop <= len(self.first_ids):
            ids = self.first_ids[window]
        else:
            ids = list(self.rows.values_list("pk", flat=True)[window])
        return rows_by_id(self.rows.order_by(), ids, self.related)
