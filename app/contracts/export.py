"""The citizen's data export (UU PDP right of access).

A module adds its own section by providing a service named "<slug>.export" implementing
`DataExporter`; platform capabilities register with `app.consent.export.register_exporter`.
"""

from __future__ import annotations

import uuid
from typing import Any, Protocol


class DataExporter(Protocol):
    def export(self, subject: uuid.UUID) -> Any:
        """Everything held about `subject`, as JSON values (str, numbers, bool, None, lists,
        dicts; dates, datetimes and UUIDs are converted). None when nothing is held."""
        ...
