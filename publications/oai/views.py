"""The OAI-PMH endpoint: argument checks, the six verbs, errors where the protocol puts them."""

import datetime
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

from django.conf import settings
from django.core import signing
from django.db.models import Min
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from publications.oai import metadata, openaire

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
ID_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"
ID_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
XSI = metadata.XSI_NS

ET.register_namespace("", OAI_NS)
ET.register_namespace("oai_dc", metadata.OAI_DC_NS)
ET.register_namespace("dc", metadata.DC_NS)
ET.register_namespace("xsi", XSI)
ET.register_namespace("oai-identifier", ID_NS)
ET.register_namespace("oaire", openaire.OAIRE_NS)
ET.register_namespace("datacite", openaire.DATACITE_NS)

GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
DELETED_RECORD = "persistent"
TOKEN_SALT = "publications.oai.resumption"

# Arguments each verb accepts: required, optional, exclusive (resumptionToken).
VERBS = {
    "Identify": (set(), set(), None),
    "ListMetadataFormats": (set(), {"identifier"}, None),
    "ListSets": (set(), set(), "resumptionToken"),
    "GetRecord": ({"identifier", "metadataPrefix"}, set(), None),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
}

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ASCII_ID = re.compile(r"[0-9]{1,18}")
# Characters XML 1.0 cannot hold: controls other than tab and newlines, surrogates, U+FFFE/F.
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
REPOSITORY_ID = re.compile(r"^[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+$")


class OAIError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def page_size():
    return getattr(settings, "OAI_PAGE_SIZE", 100)


def repository_identifier():
    configured = getattr(settings, "OAI_REPOSITORY_IDENTIFIER", "")
    return configured or urlparse(settings.PORTAL_BASE_URL).hostname or "localhost"


def admin_emails():
    configured = getattr(settings, "OAI_ADMIN_EMAILS", None)
    if configured:
        return list(configured)
    return [email for _name, email in settings.ADMINS] or [settings.DEFAULT_FROM_EMAIL]


def oai_identifier(publication_id):
    return f"oai:{repository_identifier()}:{publication_id}"


def publication_id(identifier):
    """The primary key an identifier names, or None if it is not one of ours."""
    prefix = f"oai:{repository_identifier()}:"
    local = identifier[len(prefix) :] if identifier.startswith(prefix) else ""
    return int(local) if ASCII_ID.fullmatch(local) else None


def datestamp(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _after(moment, step):
    """The exclusive upper bound just after ``moment``; the calendar's end bounds nothing."""
    try:
        return moment + step
    except OverflowError:
        return datetime.datetime.max.replace(tzinfo=datetime.UTC)


def parse_date(value, *, until):
    """A from/until argument as an aware UTC bound: from is inclusive, until exclusive after
    the whole day or second it names. Returns (bound, granularity)."""
    if DAY.match(value):
        try:
            day = datetime.datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=datetime.UTC)
        except ValueError:
            raise OAIError("badArgument", f"Not a valid date: {value}.") from None
        return (_after(day, datetime.timedelta(days=1)) if until else day), "day"
    if SECOND.match(value):
        try:
            moment = datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            raise OAIError("badArgument", f"Not a valid date and time: {value}.") from None
        moment = moment.replace(tzinfo=datetime.UTC)
        return (_after(moment, datetime.timedelta(seconds=1)) if until else moment), "second"
    raise OAIError(
        "badArgument",
        f"{'until' if until else 'from'} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ: {value}.",
    )


# --- the response document -------------------------------------------------------------


def q(tag):
    return f"{{{OAI_NS}}}{tag}"


def sub(parent, tag, text=None, **attributes):
    element = ET.SubElement(parent, q(tag), {k: v for k, v in attributes.items() if v})
    if text is not None:
        element.text = text
    return element


def envelope(request, base_url, arguments=None):
    root = ET.Element(q("OAI-PMH"), {f"{{{XSI}}}schemaLocation": f"{OAI_NS} {OAI_SCHEMA}"})
    sub(root, "responseDate", datestamp(timezone.now()))
    request_element = sub(root, "request", base_url)
    for name, value in (arguments or {}).items():
        request_element.set(name, value)
    return root


def render(root, status=200):
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, content_type="text/xml; charset=utf-8", status=status)


# --- the verbs ---------------------------------------------------------------------------


def identify(context, root, args):
    element = sub(root, "Identify")
    sub(element, "repositoryName", "Russian Customs Academy: SCIENCE")
    sub(element, "baseURL", context["base_url"])
    sub(element, "protocolVersion", "2.0")
    for email in admin_emails():
        sub(element, "adminEmail", email)
    earliest = metadata.harvestable().aggregate(first=Min("oai_datestamp"))["first"]
    sub(element, "earliestDatestamp", datestamp(earliest or timezone.now()))
    sub(element, "deletedRecord", DELETED_RECORD)
    sub(element, "granularity", GRANULARITY)
    repository = repository_identifier()
    if REPOSITORY_ID.match(repository):
        description = sub(element, "description")
        ident = ET.SubElement(
            description,
            f"{{{ID_NS}}}oai-identifier",
            {f"{{{XSI}}}schemaLocation": f"{ID_NS} {ID_SCHEMA}"},
        )
        for tag, text in (
            ("scheme", "oai"),
            ("repositoryIdentifier", repository),
            ("delimiter", ":"),
            ("sampleIdentifier", f"oai:{repository}:1"),
        ):
            ET.SubElement(ident, f"{{{ID_NS}}}{tag}").text = text


def list_metadata_formats(context, root, args):
    if "identifier" in args:
        _find(args["identifier"])
    element = sub(root, "ListMetadataFormats")
    for prefix, info in metadata.METADATA_FORMATS.items():
        format_element = sub(element, "metadataFormat")
        sub(format_element, "metadataPrefix", prefix)
        sub(format_element, "schema", info["schema"])
        sub(format_element, "metadataNamespace", info["namespace"])


def list_sets(context, root, args):
    if "resumptionToken" in args:
        # The whole list of sets always comes in one response: no token was ever issued.
        raise OAIError("badResumptionToken", "This repository issues no tokens for ListSets.")
    element = sub(root, "ListSets")
    for spec, name in metadata.all_sets():
        set_element = sub(element, "set")
        sub(set_element, "setSpec", spec)
        sub(set_element, "setName", name)


def _find(identifier):
    pk = publication_id(identifier)
    found = metadata.harvestable().filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise OAIError("idDoesNotExist", f"No record has the identifier {identifier}.")
    return found


def _check_prefix(prefix):
    if prefix not in metadata.METADATA_FORMATS:
        raise OAIError("cannotDisseminateFormat", f"The metadata format {prefix} is not supported.")


def header(parent, publication):
    # A withdrawn publication is a deleted record: its header says so, and it has no metadata.
    deleted = {"status": "deleted"} if publication.is_withdrawn else {}
    element = sub(parent, "header", **deleted)
    sub(element, "identifier", oai_identifier(publication.pk))
    sub(element, "datestamp", datestamp(publication.oai_datestamp))
    for spec in metadata.set_specs(publication):
        sub(element, "setSpec", spec)
    return element


def record(parent, publication, context, prefix):
    element = sub(parent, "record")
    header(element, publication)
    if publication.is_withdrawn:
        return
    metadata_element = sub(element, "metadata")
    metadata_element.append(metadata.metadata(publication, prefix, absolute=context["absolute"]))


def get_record(context, root, args):
    prefix = args["metadataPrefix"]
    _check_prefix(prefix)
    found = _find(args["identifier"])
    publication = metadata.for_records(metadata.harvestable(), prefix).get(pk=found.pk)
    metadata.prepare([publication], prefix)
    record(sub(root, "GetRecord"), publication, context, prefix)


def _harvest_state(args, verb):
    """The selection and position of a list request, from its arguments or from its token."""
    if "resumptionToken" in args:
        try:
            state = signing.loads(args["resumptionToken"], salt=TOKEN_SALT)
        except signing.BadSignature:
            raise OAIError("badResumptionToken", "The resumption token is not valid.") from None
        if not isinstance(state, dict) or state.get("v") != verb:
            raise OAIError("badResumptionToken", "The resumption token is not for this verb.")
        return state
    _check_prefix(args["metadataPrefix"])
    state = {"v": verb, "m": args["metadataPrefix"], "a": 0, "c": 0}
    granularities = set()
    for name in ("from", "until"):
        if name in args:
            _bound, granularity = parse_date(args[name], until=name == "until")
            granularities.add(granularity)
            state[name[0]] = args[name]
    if len(granularities) > 1:
        raise OAIError("badArgument", "from and until must have the same granularity.")
    if "set" in args:
        if not metadata.SET_SPEC.match(args["set"]):
            raise OAIError("badArgument", f"Not a valid setSpec: {args['set']}.")
        state["s"] = args["set"]
    if "f" in state and "u" in state:
        start, _g = parse_date(state["f"], until=False)
        end, _g = parse_date(state["u"], until=True)
        if start >= end:
            raise OAIError("badArgument", "from must not be later than until.")
    return state


def _selection(state):
    queryset = metadata.harvestable()
    if "f" in state:
        queryset = queryset.filter(oai_datestamp__gte=parse_date(state["f"], until=False)[0])
    if "u" in state:
        queryset = queryset.filter(oai_datestamp__lt=parse_date(state["u"], until=True)[0])
    if "s" in state:
        queryset = metadata.set_filter(queryset, state["s"])
    return queryset


def _list(context, root, args, verb):
    state = _harvest_state(args, verb)
    selection = _selection(state)
    if selection is None:
        raise OAIError("noRecordsMatch", f"There is no set {state['s']} in this repository.")
    page = selection.filter(pk__gt=state["a"]).order_by("pk")
    if verb == "ListRecords":
        page = metadata.for_records(page, state["m"])
    else:
        page = metadata.for_headers(page)
    size = page_size()
    rows = list(page[: size + 1])
    resumed = "resumptionToken" in args
    if not rows:
        if resumed:
            raise OAIError("badResumptionToken", "The resumption token points past the list.")
        raise OAIError("noRecordsMatch", "No records match these arguments.")
    has_more = len(rows) > size
    rows = rows[:size]
    if verb == "ListRecords":
        metadata.prepare(rows, state["m"])
    element = sub(root, verb)
    for publication in rows:
        if verb == "ListRecords":
            record(element, publication, context, state["m"])
        else:
            header(element, publication)
    if has_more or resumed:
        total = selection.count()
        token = sub(element, "resumptionToken", completeListSize=str(total), cursor=str(state["c"]))
        if has_more:
            following = state | {"a": rows[-1].pk, "c": state["c"] + len(rows)}
            token.text = signing.dumps(following, salt=TOKEN_SALT, compress=True)


def list_identifiers(context, root, args):
    _list(context, root, args, "ListIdentifiers")


def list_records(context, root, args):
    _list(context, root, args, "ListRecords")


HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}


def _check_arguments(verb, params):
    """badArgument for a repeated, unknown, missing or misplaced argument."""
    required, optional, exclusive = VERBS[verb]
    given = set(params) - {"verb"}
    repeated = sorted(name for name, values in params.items() if len(values) > 1)
    if repeated:
        raise OAIError("badArgument", f"Repeated argument: {', '.join(repeated)}.")
    illegal = sorted(given - required - optional - ({exclusive} if exclusive else set()))
    if illegal:
        raise OAIError("badArgument", f"Illegal argument for {verb}: {', '.join(illegal)}.")
    if exclusive and exclusive in given:
        if given != {exclusive}:
            raise OAIError("badArgument", f"{exclusive} is an exclusive argument.")
        return
    missing = sorted(required - given)
    if missing:
        raise OAIError("badArgument", f"Missing argument: {', '.join(missing)}.")


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint(request):
    """/oai/: every verb by GET or by an url-encoded POST."""
    params = dict((request.POST if request.method == "POST" else request.GET).lists())
    base_url = request.build_absolute_uri(reverse("oai"))
    verbs = params.get("verb", [])
    if len(verbs) != 1 or verbs[0] not in VERBS:
        root = envelope(request, base_url)
        message = "The verb is missing, repeated or not an OAI-PMH verb."
        sub(root, "error", message, code="badVerb")
        return render(root)
    verb = verbs[0]
    if any(XML_UNSAFE.search(value) for values in params.values() for value in values):
        # Such an argument cannot be echoed or quoted in an XML response.
        root = envelope(request, base_url)
        sub(root, "error", "An argument holds characters XML cannot carry.", code="badArgument")
        return render(root)
    args = {name: values[0] for name, values in params.items() if name != "verb"}
    try:
        _check_arguments(verb, params)
    except OAIError as error:
        root = envelope(request, base_url)
        sub(root, "error", error.message, code=error.code)
        return render(root)
    root = envelope(request, base_url, {"verb": verb, **args})
    context = {"base_url": base_url, "absolute": request.build_absolute_uri}
    try:
        HANDLERS[verb](context, root, args)
    except OAIError as error:
        for child in list(root)[2:]:
            root.remove(child)
        if error.code == "badArgument":
            # The specification echoes no arguments back for a badArgument error.
            root.find(q("request")).attrib.clear()
        sub(root, "error", error.message, code=error.code)
    return render(root)
