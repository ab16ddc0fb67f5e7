"""Who is asking: the client's address behind the portal's own proxies, and whether a
self-declared search-engine crawler really is one."""

import ipaddress
import socket

from django.conf import settings
from django.core.cache import cache

# Crawlers the portal lets through its rate limits once their address is verified: the
# host name the address resolves to must end in one of these, and resolve back to it.
CRAWLERS = {
    "googlebot": (".googlebot.com", ".google.com", ".googleusercontent.com"),
    "bingbot": (".search.msn.com",),
    "yandex": (".yandex.ru", ".yandex.net", ".yandex.com"),
}
VERIFIED_FOR = 24 * 3600


def client_ip(request):
    """The client's address: ``REMOTE_ADDR``, or, when that is one of ``PORTAL_TRUSTED_PROXIES``
    (nginx, a load balancer), the last address of ``X-Forwarded-For`` they did not add."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = set(getattr(settings, "PORTAL_TRUSTED_PROXIES", []))
    if remote not in trusted:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        if hop and hop not in trusted and _is_address(hop):
            return hop
    return remote


def _is_address(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def verified_crawler(request):
    """Whether a request that says it comes from a major search engine's crawler comes from
    one: a reverse DNS lookup of its address, confirmed forward (the engines' own advice).
    Answers are cached for a day, so each address is looked up once."""
    agent = request.META.get("HTTP_USER_AGENT", "").lower()
    domains = next((d for name, d in CRAWLERS.items() if name in agent), None)
    if domains is None:
        return False
    ip = client_ip(request)
    key = f"crawler:{ip}"
    known = cache.get(key)
    if known is None:
        known = _resolves_to(ip, domains)
        cache.set(key, known, VERIFIED_FOR)
    return known


def _resolves_to(ip, domains):
    try:
        host = socket.gethostbyaddr(ip)[0].lower()
        if not host.endswith(domains):
            return False
        return ip in {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False
