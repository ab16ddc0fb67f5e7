"""Counting landing-page views, including the pages the page cache answers.

The publication page marks its response with ``USAGE_HEADER`` (the publication's id); the
page cache keeps the header with the page, so a cached copy carries it too. This middleware
sits outside the page cache (before it in ``MIDDLEWARE``): it sees every answer, fresh or
cached, records the view and takes the header off before the answer leaves.
"""

from publications.usage import events

USAGE_HEADER = "X-Portal-Usage-Item"


def mark(response, publication_id):
    """Let the middleware count this answer as a view of the publication's landing page."""
    response[USAGE_HEADER] = str(publication_id)
    return response


class UsageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        item = response.get(USAGE_HEADER)
        if item is None:
            return response
        del response[USAGE_HEADER]
        if item.isdigit():
            events.record(
                request,
                status_code=response.status_code,
                publication_id=int(item),
                action=events.INVESTIGATION,
            )
        return response
