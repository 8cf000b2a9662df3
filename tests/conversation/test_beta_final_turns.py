"""The final beta snapshot (--contract beta-final) holds the same conversation, with the
client events it added: conversation.item.retrieve and output_audio_buffer.clear."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from mock_realtime.settings import Settings
from mock_realtime.testing import RealtimeMock
from tests.conversation.helpers import Wire
from tests.helpers import API_KEY


@pytest.fixture
def mock_settings() -> Settings:
    return Settings(contract="beta-final")


@pytest.fixture
def final(open_realtime: Callable[..., Any]) -> Iterator[Wire]:
    with open_realtime(API_KEY, model="gpt-4o-realtime-preview") as ws:
        wire = Wire(ws, contract="beta-final")
        assert wire.recv()["type"] == "session.created"
        yield wire


def test_retrieve_returns_the_item_and_an_unknown_id_the_captured_error(final: Wire, mock: RealtimeMock) -> None:
    mock.reply_with("Kept.")
    final.send({"type": "response.create", "response": {"modalities": ["text"]}})
    item = final.until("response.done")[-1]["response"]["output"][0]
    final.send({"type": "conversation.item.retrieve", "item_id": item["id"]})
    assert final.recv()["item"] == item
    final.send({"type": "conversation.item.retrieve", "item_id": "non_existent_item", "event_id": "rci_x"})
    assert final.recv()["error"] == {
        "type": "invalid_request_error", "code": "item_retrieve_invalid_item_id", "param": None, "event_id": "rci_x",
        "message": "Error retrieving item: the item with id 'non_existent_item' does not exist."}


def test_output_audio_buffer_clear_answers_for_the_latest_response(final: Wire, mock: RealtimeMock) -> None:
    final.send({"type": "output_audio_buffer.clear"})
    assert final.recv()["error"]["code"] == "output_audio_buffer_clear_no_response"
    mock.reply_with("Done.")
    final.send({"type": "response.create", "response": {"modalities": ["text"]}})
    response_id = final.until("response.done")[-1]["response"]["id"]
    final.send({"type": "output_audio_buffer.clear"})
    cleared = final.recv()
    assert (cleared["type"], cleared["response_id"]) == ("output_audio_buffer.cleared", response_id)
