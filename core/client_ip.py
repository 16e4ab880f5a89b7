"""The client's address, for rate limits and login throttling."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """REMOTE_ADDR; behind our TLS proxy, the entry that proxy appended to X-Forwarded-For.

    Only the right-most entry is trusted: everything left of it came from the client
    (or from proxies we do not run) and can say anything. A missing or malformed header
    falls back to REMOTE_ADDR instead of failing the request (django-ratelimit's plain
    header setting raises on "a, b", on garbage and on a missing header).
    """
    candidates = [request.META.get("REMOTE_ADDR", "")]
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        candidates.insert(0, forwarded.rsplit(",", 1)[-1].strip())
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return "0.0.0.0"  # noqa: S104 - a key for the rate limit, not an address to bind
