"""Structured logs: one JSON object per line (``DRAGOMAN_LOG_FORMAT=json``), for log collectors.

Each line has ``time`` (UTC, ISO 8601), ``level``, ``logger`` and ``message``, the exception's traceback
as ``exception`` when there is one, and every field passed through ``extra=``: the worker logs each unit
of work this way, e.g. ``{"event": "unit", "step": "extract", "id": 42, "outcome": "done", "seconds": 0.08}``.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone

#: Attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, tz=timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
