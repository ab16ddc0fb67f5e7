"""The admin's change forms read back from their HTML, to post them as a browser would."""

import lxml.html

SKIPPED_TYPES = {"submit", "button", "reset", "image", "file"}


def _controls(form):
    """(name, value) of each control a browser sends, empty ones included."""
    for control in form.xpath(".//input | .//select | .//textarea"):
        name = control.get("name")
        if not name or control.get("disabled") is not None:
            continue
        if control.tag == "input":
            kind = (control.get("type") or "text").lower()
            if kind in SKIPPED_TYPES:
                continue
            if kind in {"checkbox", "radio"}:
                if control.get("checked") is not None:
                    yield name, control.get("value", "on")
                continue
            yield name, control.get("value", "")
        elif control.tag == "textarea":
            yield name, control.text or ""
        else:
            options = control.xpath(".//option")
            chosen = [o for o in options if o.get("selected") is not None]
            if not chosen and options and control.get("multiple") is None:
                chosen = options[:1]
            for option in chosen:
                value = option.get("value")
                yield name, option.text_content() if value is None else value


def form_values(response, form_id=None):
    """The values a browser would send for the admin's main form (its fields, inlines'
    management forms and empty rows included), as a dict for the test client."""
    document = lxml.html.fromstring(response.content.decode())
    forms = [f for f in document.forms if f.get("id", "").endswith("_form")] or document.forms
    form = next(f for f in forms if form_id is None or f.get("id") == form_id)
    values = {}
    for name, value in _controls(form):
        if "__prefix__" in name or name == "csrfmiddlewaretoken":
            continue
        values.setdefault(name, []).append(value)
    return {name: items[0] if len(items) == 1 else items for name, items in values.items()}


def form_data(response, form_id=None):
    """``form_values`` under the name the history tests use."""
    return form_values(response, form_id)
