"""The `realtime_mock` fixture, unchanged, on a store that another replica shares: what a
user's test does through either one, the fixture sees."""

from __future__ import annotations

import openai  # noqa: F401  (in-process runs drop modules they import; keep the SDK imported once)
import pytest

CONFTEST = """
import os
import pytest
from mock_realtime.settings import Settings

@pytest.fixture(scope="session")
def realtime_mock_settings():
    return Settings(store=os.environ["SHARED_STORE"])
"""
TESTS = """
import os
import openai

def test_a_request_to_the_other_replica_is_in_the_fixtures_journal(realtime_mock):
    other = openai.OpenAI(api_key="sk-test-0123456789abcdef", base_url=os.environ["OTHER_REPLICA"] + "/v1",
                          max_retries=0)
    realtime_mock.fail_next(status=500)
    try:
        other.beta.realtime.sessions.create(model="gpt-4o-realtime-preview")
    except openai.InternalServerError:
        pass
    session = other.beta.realtime.sessions.create(model="gpt-4o-realtime-preview")
    assert [r["status"] for r in realtime_mock.requests] == [500, 200]
    assert realtime_mock.secret(session.client_secret.value)["valid"] is True
    realtime_mock.advance(60)
    assert realtime_mock.secret(session.client_secret.value)["valid"] is False

def test_the_next_test_starts_clean_on_both(realtime_mock):
    assert realtime_mock.requests == [] and realtime_mock.sessions == []
"""


def test_realtime_mock_fixture_works_unchanged_beside_another_replica(
    pytester: pytest.Pytester, start_replica, redis_store, monkeypatch
) -> None:
    other = start_replica()
    monkeypatch.setenv("SHARED_STORE", redis_store.url)
    monkeypatch.setenv("OTHER_REPLICA", other.url)
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_user=TESTS)
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
