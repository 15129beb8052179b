"""Rows read in written SQL, given back as the ORM would give them.

Hot paths read a few rows with SQL written out (the ORM can take longer to build a query
than PostgreSQL takes to answer it). `Columns` names a model's fields in a select list and
converts what the database driver returns as the ORM would (SQLite gives times as text and
booleans as integers), and can make model instances of the rows.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Field, Model
from django.db.models.expressions import Col

Converter = Callable[[Any, Any, Any], Any]


class Columns:
    """Some concrete fields of a model, in order: all of them by default, or those named
    (by name or attname), less those excluded (an instance made of them defers those)."""

    def __init__(
        self, model: type[Model], names: Iterable[str] | None = None, *, exclude: Iterable[str] = ()
    ) -> None:
        left_out = set(exclude)
        if names is None:
            fields = [field for field in model._meta.concrete_fields if field.name not in left_out]
        else:
            fields = [model._meta.get_field(name) for name in names]
        self.model = model
        self.fields: tuple[Field, ...] = tuple(fields)  # type: ignore[arg-type]
        self.attnames = tuple(field.attname for field in self.fields)
        self.pk_index = self.fields.index(model._meta.pk) if model._meta.pk in self.fields else None
        self._converters: dict[str, list[tuple[int, list[Converter], Col]]] = {}  # by vendor

    def __len__(self) -> int:
        return len(self.fields)

    def select(self, alias: str) -> str:
        """The select list, each column prefixed with the table's alias."""
        quote = connection.ops.quote_name
        return ", ".join(f"{alias}.{quote(str(field.column))}" for field in self.fields)

    def column(self, name: str) -> str:
        return connection.ops.quote_name(str(self.model._meta.get_field(name).column))

    def converted(self, values: Sequence[Any]) -> list[Any]:
        """One row's values as the ORM would give them."""
        converters = self._converters.get(connection.vendor)
        if converters is None:
            converters = self._converters[connection.vendor] = self._converters_now()
        row = list(values)
        for position, functions, column in converters:
            for function in functions:
                row[position] = function(row[position], column, connection)
        return row

    def instance(self, values: Sequence[Any]) -> Model:
        """A model instance of one row's values (the fields left out are deferred)."""
        return self.model.from_db(connection.alias, self.attnames, self.converted(values))

    def _converters_now(self) -> list[tuple[int, list[Converter], Col]]:
        converters = []
        for position, field in enumerate(self.fields):
            column = Col(self.model._meta.db_table, field)
            functions = connection.ops.get_db_converters(column)
            functions += field.get_db_converters(connection)
            if functions:
                converters.append((position, functions, column))
        return converters
