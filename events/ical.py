"""iCalendar (RFC 5545) text for an event: pure functions, written by hand, no I/O.

The event itself is an all-day VEVENT (``DTSTART;VALUE=DATE`` and an exclusive
``DTEND;VALUE=DATE``: the day after the last day). Programme sessions that have a start time
become timed VEVENTs of their own. Session times are Moscow wall-clock times (the portal's
``TIME_ZONE``); they are converted to UTC (``...Z``) with the time zone database, so the
calendar needs no VTIMEZONE and stays right for dates on either side of a change of the
zone's offset.
"""

import datetime
import zoneinfo

CRLF = "\r\n"
FOLD_LIMIT = 75  # octets per line, without the CRLF
PRODID = "-//Russian Customs Academy//SCIENCE portal//RU"
WALL_CLOCK_ZONE = "Europe/Moscow"


def escape_text(value):
    """Escape a TEXT value: backslash, semicolon, comma and line breaks (RFC 5545 3.3.11)."""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line):
    """Fold a content line into chunks of at most 75 octets, never inside a UTF-8 character."""
    chunks, current, size = [], [], 0
    limit = FOLD_LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append("".join(current))
            # A continuation line starts with one space, which counts towards its 75 octets.
            current, size, limit = [], 0, FOLD_LIMIT - 1
        current.append(char)
        size += width
    chunks.append("".join(current))
    return (CRLF + " ").join(chunks)


def format_date(day):
    return day.strftime("%Y%m%d")


def format_utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def wall_clock_to_utc(day, time, zone=WALL_CLOCK_ZONE):
    """A local date and time in ``zone`` as an aware UTC datetime."""
    local = datetime.datetime.combine(day, time, tzinfo=zoneinfo.ZoneInfo(zone))
    return local.astimezone(datetime.UTC)


def location_of(event):
    return event.place


def _text(name, value):
    return f"{name}:{escape_text(value)}"


def event_component(event, *, url, uid_domain, dtstamp):
    """The lines of the all-day VEVENT for the whole event."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{uid_domain}",
        f"DTSTAMP:{format_utc(dtstamp)}",
        f"DTSTART;VALUE=DATE:{format_date(event.start_date)}",
        f"DTEND;VALUE=DATE:{format_date(event.end_date + datetime.timedelta(days=1))}",
        _text("SUMMARY", event.title),
    ]
    if location_of(event):
        lines.append(_text("LOCATION", location_of(event)))
    description = event.description.strip()
    lines.append(_text("DESCRIPTION", f"{description}\n\n{url}" if description else url))
    lines.append(f"URL:{url}")
    lines.append("TRANSP:TRANSPARENT")
    lines.append("END:VEVENT")
    return lines


def session_component(event, session, *, url, uid_domain, dtstamp):
    """The lines of a timed VEVENT for a programme session that has a start time."""
    start = wall_clock_to_utc(session.date, session.start_time)
    summary = f"{event.title}: {session.title}" if session.title else event.title
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}-session-{session.pk}@{uid_domain}",
        f"DTSTAMP:{format_utc(dtstamp)}",
        f"DTSTART:{format_utc(start)}",
    ]
    if session.end_time is not None:
        lines.append(f"DTEND:{format_utc(wall_clock_to_utc(session.date, session.end_time))}")
    lines.append(_text("SUMMARY", summary))
    if location_of(event):
        lines.append(_text("LOCATION", location_of(event)))
    lines.append(_text("DESCRIPTION", url))
    lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def event_to_ical(event, *, url, uid_domain, sessions=(), dtstamp=None):
    """The whole VCALENDAR for an event and its timed sessions, with CRLF line endings.

    ``url`` is the absolute address of the event's page; ``uid_domain`` makes the UIDs
    globally unique; ``dtstamp`` defaults to the event's last change, so the same event
    always gives the same text.
    """
    if event.start_date is None or event.end_date is None:
        raise ValueError("An event without dates has no calendar entry.")
    dtstamp = dtstamp or event.updated or datetime.datetime.now(datetime.UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        _text("X-WR-CALNAME", event.title),
    ]
    lines += event_component(event, url=url, uid_domain=uid_domain, dtstamp=dtstamp)
    for session in sessions:
        if session.start_time is not None:
            lines += session_component(
                event, session, url=url, uid_domain=uid_domain, dtstamp=dtstamp
            )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
