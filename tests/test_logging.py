"""Log lines are JSON objects on stdout."""

import json
import logging

from science_portal.logging import JsonFormatter


def test_log_record_becomes_one_json_line():
    record = logging.LogRecord("portal", logging.WARNING, __file__, 1, "Disk %s", ("full",), None)
    record.file_id = 42
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "portal"
    assert entry["message"] == "Disk full"
    assert entry["file_id"] == 42
    assert "\n" not in line


def test_exceptions_are_kept_in_the_line():
    try:
        raise ValueError("bad value")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "portal", logging.ERROR, __file__, 1, "Failed", (), sys.exc_info()
        )
    entry = json.loads(JsonFormatter().format(record))
    assert "ValueError: bad value" in entry["exception"]
