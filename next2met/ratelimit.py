"""The client address that rate limits count by, behind the TLS proxy."""

import ipaddress


def client_ip(request) -> str:
    """The address the proxy saw: the last X-Forwarded-For entry, else REMOTE_ADDR.

    The proxy appends the address it saw to whatever the client sent, so only the last entry
    can be trusted; the ones before it are the client's to choose. A missing or malformed
    header falls back to REMOTE_ADDR instead of failing the request (django-ratelimit's
    plain header setting raises on "a, b", on garbage and on a missing header).
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for candidate in (forwarded.rsplit(",", 1)[-1].strip(), request.META.get("REMOTE_ADDR", "")):
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return "0.0.0.0"  # noqa: S104 - a key for the rate limit, not an address to bind
