"""The client's address, for rate limits and login throttling."""

import ipaddress

from django.conf import settings


def _from_trusted_proxy(remote_addr: str) -> bool:
    try:
        address = ipaddress.ip_address(remote_addr)
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(net, strict=False) for net in settings.TRUSTED_PROXIES
    )


def client_ip(request) -> str:
    """REMOTE_ADDR; behind our TLS proxy, the entry that proxy appended to X-Forwarded-For.

    The header is read only on a connection from one of ``TRUSTED_PROXIES`` (a client
    that reaches the app server directly cannot claim another address), and only its
    right-most entry: everything left of it came from the client (or from proxies we do
    not run) and can say anything. A missing or malformed header falls back to
    REMOTE_ADDR instead of failing the request (django-ratelimit's plain header setting
    raises on "a, b", on garbage and on a missing header).
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    candidates = [remote_addr]
    if settings.BEHIND_TLS_PROXY and _from_trusted_proxy(remote_addr):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        candidates.insert(0, forwarded.rsplit(",", 1)[-1].strip())
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return "0.0.0.0"  # noqa: S104 - a key for the rate limit, not an address to bind
