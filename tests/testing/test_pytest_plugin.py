"""The `realtime_mock` fixture, exercised the way a user's test suite uses it: pytester
writes the user's test files and runs pytest on them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import openai  # noqa: F401  (in-process runs drop modules they import; keep the SDK imported once)
import pytest

README = Path(__file__).resolve().parents[2] / "README.md"

HEADER = """
import openai
import pytest

def client(mock, retries=0):
    return openai.OpenAI(api_key="sk-test-0123456789abcdef", base_url=mock.base_url, max_retries=retries)

def mint(mock, **params):
    return client(mock).beta.realtime.sessions.create(model="gpt-4o-realtime-preview", **params)
"""


def _run(pytester: pytest.Pytester, body: str, *args: str) -> pytest.RunResult:
    pytester.makepyfile(test_user=HEADER + body)
    return pytester.runpytest_inprocess("-p", "no:cacheprovider", *args)


def test_fixture_serves_sdk_and_clears_state_between_tests(pytester: pytest.Pytester) -> None:
    result = _run(pytester, """
def test_first(realtime_mock):
    assert realtime_mock.base_url.endswith("/v1")
    session = mint(realtime_mock)
    assert [r["status"] for r in realtime_mock.requests] == [200]
    assert realtime_mock.sessions[0]["id"] == session.id
    realtime_mock.fail_next(status=500, count=5)
    realtime_mock.advance(3600)

def test_second_starts_clean(realtime_mock):
    assert realtime_mock.requests == [] and realtime_mock.sessions == []
    session = mint(realtime_mock)  # no fault left over, and the clock is back on real time
    assert realtime_mock.secret(session.client_secret.value)["valid"] is True
""")
    result.assert_outcomes(passed=2)


def test_advance_expires_secrets_without_sleeping(pytester: pytest.Pytester) -> None:
    result = _run(pytester, """
def test_expiry(realtime_mock):
    secret = mint(realtime_mock).client_secret
    realtime_mock.advance(59)
    assert realtime_mock.secret(secret.value)["valid"] is True
    realtime_mock.advance(1)
    assert realtime_mock.secret(secret.value) == {
        "valid": False, "expires_at": secret.expires_at, "session_id": realtime_mock.sessions[0]["id"]}
    assert realtime_mock.sessions[0]["expired"] is True
""")
    result.assert_outcomes(passed=1)


def test_fail_next_gives_openai_errors_to_the_sdk(pytester: pytest.Pytester) -> None:
    result = _run(pytester, """
def test_rate_limited_then_retried(realtime_mock):
    realtime_mock.fail_next(status=429)
    with pytest.raises(openai.RateLimitError):
        mint(realtime_mock)
    realtime_mock.fail_next(status=503, count=2)
    with pytest.raises(openai.InternalServerError):
        mint(realtime_mock)
    assert client(realtime_mock, retries=1).beta.realtime.sessions.create(model="gpt-4o-realtime-preview")
    assert [r["status"] for r in realtime_mock.requests] == [429, 503, 503, 200]

def test_bad_fault_is_refused(realtime_mock):
    with pytest.raises(ValueError, match="integer below minimum"):
        realtime_mock.fail_next(status=200)
""")
    result.assert_outcomes(passed=2)


def test_assert_all_requests_valid_fails_listing_every_violation(pytester: pytest.Pytester) -> None:
    result = _run(pytester, """
def test_app_sends_bad_sessions(realtime_mock):
    mint(realtime_mock)
    with pytest.raises(openai.BadRequestError):
        mint(realtime_mock, voice="nobody", temperature=5, extra_body={"colour": "red"})
    realtime_mock.fail_next(status=500)
    with pytest.raises(openai.InternalServerError):
        mint(realtime_mock)  # a fault is not the client's doing
    realtime_mock.assert_all_requests_valid()

def test_app_sends_good_sessions(realtime_mock):
    mint(realtime_mock, voice="verse")
    realtime_mock.assert_all_requests_valid()
""")
    result.assert_outcomes(passed=1, failed=1)
    for line in [
        "*requests to the mock broke the contract:",
        "*#2 POST /v1/realtime/sessions: colour: Unknown parameter: 'colour'. (unknown_parameter)",
        "*#2 POST /v1/realtime/sessions: voice: Invalid value: 'nobody'. Supported values are: *",
        "*#2 POST /v1/realtime/sessions: temperature: *above maximum value*(decimal_above_max_value)",
    ]:
        result.stdout.fnmatch_lines([line])
    assert "#1 " not in result.stdout.str()
    assert "#3 " not in result.stdout.str()


def test_errors_inside_the_server_surface_in_the_test(pytester: pytest.Pytester) -> None:
    result = _run(pytester, """
import mock_realtime.web.endpoints

def test_server_breaks(realtime_mock, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("the session factory broke")
    monkeypatch.setattr(mock_realtime.web.endpoints, "new_session", broken)
    with pytest.raises(openai.InternalServerError):
        mint(realtime_mock)

def test_next_test_is_unaffected(realtime_mock):
    mint(realtime_mock)
""")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_server_breaks*",
                                 "*MockServerError*raised 1 time*", "*KeyError*the session factory broke*"])


def test_settings_from_fixture_and_marker(pytester: pytest.Pytester) -> None:
    pytester.makeconftest("""
import pytest
from mock_realtime.settings import Settings

@pytest.fixture(scope="session")
def realtime_mock_settings():
    return Settings(secret_ttl=600, port=8000)  # the plugin still picks a free loopback port
""")
    result = _run(pytester, """
def test_fixture_settings_apply(realtime_mock):
    secret = mint(realtime_mock).client_secret
    assert realtime_mock.secret(secret.value)["expires_at"] == secret.expires_at
    realtime_mock.advance(599)
    assert realtime_mock.secret(secret.value)["valid"] is True

@pytest.mark.realtime_mock(rate_limit="1/min")
def test_marker_settings_apply(realtime_mock):
    mint(realtime_mock)
    with pytest.raises(openai.RateLimitError):
        mint(realtime_mock)
    realtime_mock.advance(60)
    mint(realtime_mock)

@pytest.mark.realtime_mock(colour="red")
def test_unknown_setting_is_reported(realtime_mock):
    pass
""")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*realtime_mock settings:*colour*"])


SEEDED = """
def test_a(realtime_mock):
    realtime_mock.set_time(1_750_000_000)  # secrets carry their creation time, so fix it too
    print("ID", mint(realtime_mock).id, mint(realtime_mock).client_secret.value)

def test_b(realtime_mock):
    realtime_mock.set_time(1_750_000_000)
    print("ID", mint(realtime_mock).id, mint(realtime_mock).client_secret.value)
"""


def _printed_ids(result: pytest.RunResult) -> list[str]:
    return re.findall(r"^.*ID (\S+ \S+)", result.stdout.str(), re.MULTILINE)


def test_seed_makes_ids_reproducible_per_test_and_run_to_run(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nrealtime_mock_seed = 1234\n")
    first, again = (_printed_ids(_run(pytester, SEEDED, "-s")) for _ in range(2))
    assert len(first) == 2
    assert first[0] == first[1]  # each test starts the seeded sequence afresh
    assert first == again
    pytester.makeini("[pytest]\nrealtime_mock_seed = 1235\n")
    assert _printed_ids(_run(pytester, SEEDED, "-s"))[0] != first[0]


def test_readme_pytest_example_runs(pytester: pytest.Pytester) -> None:
    readme = README.read_text(encoding="utf-8")
    section = readme.split("## Testing your app with pytest", 1)[1].split("\n## ", 1)[0]
    example = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert example is not None
    pytester.makepyfile(test_readme=example.group(1))
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=len(re.findall(r"^def test_", example.group(1), re.MULTILINE)))


def test_plugin_is_registered_and_imports_no_server() -> None:
    code = ("import sys, importlib.metadata as m\n"
            "eps = [e.value for e in m.entry_points(group='pytest11')]\n"
            "import mock_realtime.testing.pytest_plugin\n"
            "print('mock_realtime.testing.pytest_plugin' in eps, 'uvicorn' in sys.modules,"
            " 'starlette' in sys.modules)")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.split() == ["True", "False", "False"]
