"""gunicorn settings of the portal, read from the environment.

    gunicorn next2met.wsgi          # picks this file up from the working directory

WEB_CONCURRENCY        worker processes (default: 2 x cores + 1)
GUNICORN_BIND          address to listen on (default: 127.0.0.1:8000, behind the proxy)
GUNICORN_TIMEOUT       seconds before a silent worker is restarted (default: 30)
GUNICORN_ACCESS_LOG    "-" for stdout, a file path, or empty for none (default: none)
"""

import multiprocessing
import os
import re

from gunicorn.glogging import Logger

from core import logredact

workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count() + 1)
# Sync workers: each request has a process to itself, and a slow client is the
# reverse proxy's to buffer, not gunicorn's.
worker_class = "sync"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# A worker is replaced after this many requests, so a slow leak cannot grow forever;
# not much sooner, since a new worker starts Django and its page cache afresh (at 5,000
# a busy worker restarted every half minute, and each restart showed in the p95).
max_requests = 100_000
max_requests_jitter = 10_000
# The proxy's address is the only one whose X-Forwarded-* headers gunicorn trusts.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
# The path without its query string, and without the signed tokens that registration
# links carry in their path (signing.dumps: "payload:timestamp:signature"), nor the
# reset tokens of password-reset and invitation links ("<base36 time>-<32 hex>").
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
SIGNED_SEGMENT = re.compile(r"/[^/]*:[^/]*|/[0-9a-z]{4,13}-[0-9a-f]{32}(?=/|$)")


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = SIGNED_SEGMENT.sub("/[token]", atoms["U"])
        return atoms


logger_class = RedactingLogger
# The error log too: no line carries a signed token or an email address (the workers
# install the same when Django starts).
logredact.install()
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# gunicornc's control socket (in $HOME by default) is not used: systemd runs the server,
# and several servers on one host would share the one path.
control_socket_disable = True
