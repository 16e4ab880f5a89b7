"""`make run` as a newcomer runs it, on a port of their choosing, walked in Chromium.

The README's first command, for real: a fresh SQLite file, the demo content, the dev
server, the email worker and the housekeeping loop. A stakeholder registers in Finnish,
confirms through the link in the email that the worker prints, and every address the
portal gives out (emails, calendar file, accessibility statement, admin logins) carries
the port that `make run` was given.
"""

import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OPEN_EVENT = "demo-open-webinar"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MakeRun:
    """`make run PORT=…` in its own process group, its output collected as it comes."""

    def __init__(self, tmp_path, port):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "PORTAL_", "DATABASE_URL", "PYTEST", "MAKE"))
        }
        env |= {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
            # A person takes longer than the anti-bot minimum; the test need not wait.
            "EVENTS_MIN_FORM_SECONDS": "0",
        }
        self.process = subprocess.Popen(  # noqa: S603
            ["make", "run", f"PORT={port}", "HOUSEKEEPING_EVERY=2"],  # noqa: S607
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, pattern, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(pattern, self.output)
            if found:
                return found
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"{pattern!r} not printed by make run:\n{self.output[-4000:]}")

    def wait_until_serving(self, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/robots.txt", timeout=2):  # noqa: S310
                    return
            except OSError:
                assert self.process.poll() is None, self.output[-4000:]
                time.sleep(0.5)
        raise AssertionError(f"make run did not serve on {self.base}:\n{self.output[-4000:]}")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def make_run(tmp_path_factory, browser):  # `browser`: skipped or failed like the others
    run = MakeRun(tmp_path_factory.mktemp("make-run"), free_port())
    try:
        run.wait_for(r"Admin logins for (\S+) ")
        run.wait_until_serving()
        yield run
    finally:
        run.stop()
    # The worker and the housekeeping loop end with the server.
    time.sleep(0.5)
    leftovers = subprocess.run(  # noqa: S603
        [  # noqa: S607
            "pgrep",
            "-f",
            f"PORTAL_BASE_URL=http://127.0.0.1:{run.port}|runserver 127.0.0.1:{run.port}",
        ],
        capture_output=True,
        text=True,
    )
    assert leftovers.stdout == "", "make run left processes behind"


def test_make_run_on_another_port_register_and_confirm_from_the_printed_email(make_run, browser):
    base = make_run.base
    admin_url = make_run.wait_for(r"Admin logins for (\S+) ").group(1)
    assert admin_url == f"{base}/admin/"
    assert "paijat-hame" in make_run.output  # the lead partner's editor login

    context = browser.new_context(base_url=base)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"/fi/events/{OPEN_EVENT}/")
    assert page.get_attribute("html", "lang") == "fi"
    page.fill("#id_name", "Aino Virtanen")
    page.fill("#id_email", "aino.make-run@example.org")
    page.fill("#id_organisation", "LAB-ammattikorkeakoulu")
    page.select_option("#id_organisation_type", index=1)
    page.select_option("#id_country", "FI")
    page.check("#id_privacy")
    with page.expect_navigation():
        page.click(f'form[action="/fi/events/{OPEN_EVENT}/register/"] button[type=submit]')
    assert "/fi/" in page.url

    # The worker prints the email within a few seconds; its link carries our port.
    confirm = make_run.wait_for(rf"({re.escape(base)}/fi/registration/confirm/[^\s]+/)", 60)
    printed = make_run.output
    assert ":8000" not in printed.replace(f":{make_run.port}", "")
    page.goto(confirm.group(1))
    with page.expect_navigation():
        page.click("form[method=post] button[type=submit]")
    assert page.locator("h1").count() == 1

    # The confirmation email: manage link and calendar file on the same address.
    make_run.wait_for(rf"{re.escape(base)}/fi/registration/(?!confirm/)[^\s]+/", 60)
    make_run.wait_for(r"Content-Type: text/calendar", 60)

    page.goto("/fi/accessibility/")
    assert f'href="{base}' in page.content()
    ics = page.request.get(f"/fi/events/{OPEN_EVENT}/calendar.ics")
    assert ics.status == 200
    assert f"URL:{base}/" in ics.text().replace("\r\n ", "")
    assert errors == []
    context.close()


def printed_password(output, username):
    return re.search(rf"^  {re.escape(username)} +(\S+) ", output, re.MULTILINE).group(1)


def test_make_run_editors_write_finnish_and_see_only_their_own(make_run, browser):
    """The lead partner's editor logs in with the printed password, writes an event's
    Finnish title in its tab and reads it on /fi/; a partner's editor sees its own events."""
    context = browser.new_context(base_url=make_run.base)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))

    def log_in(username):
        page.goto("/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", printed_password(make_run.output, username))
        with page.expect_navigation():
            page.click("input[type=submit]")
        assert page.url == f"{make_run.base}/admin/", page.url

    log_in("paijat-hame")
    page.goto("/admin/events/event/")
    page.click("text=Policy Learning Event 1 in Lahti")
    group = page.locator(".ui-tabs", has=page.locator("#id_title_fi")).first
    group.locator("[role=tab][aria-controls=tab_id_title_fi]").click()
    page.fill("#id_title_fi", "Ensimmäinen oppimistapahtuma Lahdessa")
    with page.expect_navigation():
        page.click("input[name=_save]")
    assert page.locator(".messagelist .success").count() == 1
    page.goto("/fi/events/ple-1-lahti/")
    assert page.locator("h1").inner_text() == "Ensimmäinen oppimistapahtuma Lahdessa"

    context.clear_cookies()
    log_in("ecoplus")
    page.goto("/admin/events/event/")
    rows = page.locator("#result_list tbody tr")
    hosts = set(rows.locator("td.field-host_name").all_inner_texts())
    assert hosts and all("ecoplus" in host.lower() for host in hosts), hosts
    assert errors == []
    context.close()
