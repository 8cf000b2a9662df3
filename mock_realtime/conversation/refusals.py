"""The conversation's errors, worded as the live API words them (CONVERSATION-NOTES §4).
Where no capture shows the wording, the nearest captured template is followed and the
README says so. All are invalid_request_error and leave the session open."""

from __future__ import annotations

from mock_realtime.errors import InvalidRequestError

SUPPORTED_ITEM_TYPES = ("message", "function_call", "function_call_output", "item_reference")


def already_responding(response_id: str) -> InvalidRequestError:
    return InvalidRequestError(
        f"Conversation already has an active response in progress: {response_id}. "
        "Wait until the response is finished before creating a new one.",
        code="conversation_already_has_active_response",
    )


def too_many_responses(limit: int) -> InvalidRequestError:
    return InvalidRequestError(
        f"This connection already has {limit} responses in progress. "
        "Wait until one is finished before creating another.",
        code="too_many_active_responses",
    )


def nothing_to_cancel() -> InvalidRequestError:
    # Seen with and without a final full stop; clients match the prefix.
    return InvalidRequestError("Cancellation failed: no active response found", code="response_cancel_not_active")


def commit_too_small(buffered_ms: float) -> InvalidRequestError:
    return InvalidRequestError(
        "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, "
        f"but buffer only has {buffered_ms:.2f}ms of audio.",
        code="input_audio_buffer_commit_empty",
    )


def no_such_item(action: str, item_id: str) -> InvalidRequestError:
    """delete / retrieve / truncate an id the conversation does not hold."""
    verb = {"delete": "deleting", "retrieve": "retrieving", "truncate": "truncating"}[action]
    return InvalidRequestError(
        f"Error {verb} item: the item with id '{item_id}' does not exist.", code=f"item_{action}_invalid_item_id"
    )


def bad_item_type(given: object) -> InvalidRequestError:
    quoted = ", ".join(f"'{name}'" for name in SUPPORTED_ITEM_TYPES[:-1])
    return InvalidRequestError(
        f"Invalid value: '{given}'. Supported values are: {quoted}, and '{SUPPORTED_ITEM_TYPES[-1]}'.",
        param="item.type", code="invalid_value",
    )


def duplicate_item(item_id: str) -> InvalidRequestError:
    return InvalidRequestError(
        f"Error adding item: the item with id '{item_id}' already exists.", param="item.id",
        code="item_create_duplicate_item_id",
    )


def no_previous_item(item_id: str) -> InvalidRequestError:
    return InvalidRequestError(
        f"Error adding item: the previous item with id '{item_id}' does not exist.", param="previous_item_id",
        code="invalid_value",
    )


def no_such_call(call_id: str) -> InvalidRequestError:
    return InvalidRequestError(
        f"Tool call ID '{call_id}' not found in conversation.", param="item.call_id", code="invalid_tool_call_id"
    )


def not_truncatable(item_id: str) -> InvalidRequestError:
    return InvalidRequestError(
        f"Error truncating item: only assistant message items can be truncated, and '{item_id}' is not one.",
        param="item_id", code="invalid_value",
    )


def truncate_past_end(audio_end_ms: int, length_ms: int) -> InvalidRequestError:
    return InvalidRequestError(
        f"Error truncating item: audio_end_ms {audio_end_ms} is past the end of the audio ({length_ms}ms).",
        param="audio_end_ms", code="invalid_value",
    )


def bad_audio() -> InvalidRequestError:
    return InvalidRequestError(
        "Invalid 'audio': the value must be base64-encoded audio in the session's input_audio_format.",
        param="audio", code="invalid_value",
    )


def buffer_full(limit_bytes: int) -> InvalidRequestError:
    return InvalidRequestError(
        f"Error appending to the input audio buffer: it would exceed {limit_bytes} bytes. "
        "Commit or clear it first.",
        param="audio", code="input_audio_buffer_full",
    )


def nothing_to_clear() -> InvalidRequestError:
    return InvalidRequestError(
        "There is no output audio to clear: no response has been created on this connection.",
        code="output_audio_buffer_clear_no_response",
    )
