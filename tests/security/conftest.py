import sys


def pytest_terminal_summary(terminalreporter):
    # The hostile-input figures, for the closing note, when that module ran.
    module = sys.modules.get("tests.security.test_hostile_input")
    if module and module.REQUESTS:
        terminalreporter.write_line(module.figures())
