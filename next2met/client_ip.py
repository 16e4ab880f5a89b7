"""The client's address, for rate limits and login throttling."""

from django.conf import settings


def client_ip(request) -> str:
    """REMOTE_ADDR; behind our TLS proxy, the entry that proxy appended to X-Forwarded-For.

    Only the right-most entry is trusted: everything left of it came from the client
    (or from proxies we do not run) and can say anything.
    """
    if settings.BEHIND_TLS_PROXY:
        forwarded = [
            entry.strip()
            for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if entry.strip()
        ]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")
