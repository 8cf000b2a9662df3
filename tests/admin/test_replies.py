"""POST/GET/DELETE /__mock/replies: the scripted replies queue, first in, first out,
checked against its schema with OpenAI-shaped errors, and cleared by /__mock/reset."""

from __future__ import annotations

import pytest

REPLIES = "/__mock/replies"


def test_replies_queue_in_order_and_list_next_first(client) -> None:
    client.post(REPLIES, json={"text": "First."})
    answer = client.post(REPLIES, json={"replies": [
        {"function_call": {"name": "lookup", "arguments": "{}"}}, {"text": "Third.", "transcript": "Heard."}]})
    assert answer.json() == {"object": "list", "data": [
        {"text": "First."}, {"function_call": {"name": "lookup", "arguments": "{}"}},
        {"text": "Third.", "transcript": "Heard."}]}
    assert client.get(REPLIES).json()["data"][0] == {"text": "First."}


@pytest.mark.parametrize("path", [REPLIES, "/__mock/reset"], ids=["delete", "reset"])
def test_delete_and_reset_empty_the_queue(client, path) -> None:
    client.post(REPLIES, json={"text": "Gone soon."})
    (client.delete if path == REPLIES else client.post)(path)
    assert client.get(REPLIES).json()["data"] == []


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        pytest.param({}, None, None, id="neither-text-nor-call"),
        pytest.param({"text": 3}, "text", "invalid_type", id="text-not-string"),
        pytest.param({"text": "x", "tone": "warm"}, "tone", "unknown_parameter", id="unknown-field"),
        pytest.param({"function_call": {"name": "f"}}, "function_call.arguments", "missing_required_parameter",
                     id="call-without-arguments"),
        pytest.param({"text": "x" * 10_001}, "text", None, id="text-too-long"),
    ],
)
def test_bad_reply_gets_an_openai_error_and_queues_nothing(client, body, param, code) -> None:
    response = client.post(REPLIES, json=body)
    error = response.json()["error"]
    assert (response.status_code, error["type"]) == (400, "invalid_request_error")
    if param is not None:
        assert error["param"] == param
    if code is not None:
        assert error["code"] == code
    assert client.get(REPLIES).json()["data"] == []


def test_the_queue_is_bounded(client) -> None:
    batch = {"replies": [{"text": "x"}] * 100}
    for _ in range(10):
        assert client.post(REPLIES, json=batch).status_code == 200
    response = client.post(REPLIES, json={"text": "one too many"})
    assert (response.status_code, response.json()["error"]["code"]) == (409, "queue_full")
    assert len(client.get(REPLIES).json()["data"]) == 1000
