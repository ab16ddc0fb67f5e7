"""The admin's change forms read back from their HTML, to post them as a browser would."""

import lxml.html


def form_values(response, form_id=None):
    """The values a browser would send for the admin's main form (its fields, inlines'
    management forms and empty rows included), as a dict for the test client."""
    document = lxml.html.fromstring(response.content.decode())
    forms = [f for f in document.forms if f.get("id", "").endswith("_form")] or document.forms
    form = next(f for f in forms if form_id is None or f.get("id") == form_id)
    values = {}
    for name, value in form.form_values():
        if "__prefix__" in name or name == "csrfmiddlewaretoken":
            continue
        values.setdefault(name, []).append(value)
    return {name: items[0] if len(items) == 1 else items for name, items in values.items()}
