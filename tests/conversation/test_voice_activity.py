"""Energy-based voice activity: speech is found by loudness against the threshold, and
the reported times include the prefix padding and the silence duration, as OpenAI's do."""

from __future__ import annotations

import numpy as np
import pytest

from mock_realtime.conversation.voice_activity import Started, Stopped, VoiceActivity
from tests.conversation.helpers import silence, tone

SERVER_VAD = {"type": "server_vad", "threshold": 0.5, "prefix_padding_ms": 300, "silence_duration_ms": 500}


def _listen(detector: VoiceActivity, samples: np.ndarray, chunk: int = 2400) -> list[Started | Stopped]:
    found: list[Started | Stopped] = []
    for start in range(0, len(samples), chunk):
        found += detector.listen(samples[start:start + chunk])
    return found


def test_speech_between_silences_starts_and_stops_at_known_times() -> None:
    # 1 s of silence, 1.2 s of tone, 1 s of silence: speech at 1000 ms, less 300 ms padding;
    # it ends at 2200 ms, reported once 500 ms of silence have passed.
    detector = VoiceActivity.from_config(SERVER_VAD, 24_000, 0)
    found = _listen(detector, np.concatenate([silence(1000), tone(1200), silence(1000)]))
    assert found == [Started(700), Stopped(2700)]


def test_times_count_from_the_connections_first_audio() -> None:
    detector = VoiceActivity.from_config(SERVER_VAD, 24_000, 0)
    _listen(detector, np.concatenate([silence(200), tone(300), silence(600)]))
    assert _listen(detector, np.concatenate([silence(400), tone(300), silence(600)])) == [
        Started(1200), Stopped(2300)]  # the second speech from 1500 to 1800 ms


def test_padding_never_reaches_before_the_previous_turn() -> None:
    detector = VoiceActivity.from_config({**SERVER_VAD, "prefix_padding_ms": 5000}, 24_000, 0)
    found = _listen(detector, np.concatenate([tone(200), silence(600), tone(200), silence(600)]))
    assert found == [Started(0), Stopped(700), Started(700), Stopped(1500)]


@pytest.mark.parametrize(("threshold", "amplitude", "speech"), [
    pytest.param(0.5, 0.05, True, id="-29dBFS-heard-at-0.5"),  # RMS 0.035: -29 dBFS >= -30
    pytest.param(0.5, 0.03, False, id="-33dBFS-not-heard-at-0.5"),
    pytest.param(0.9, 0.3, False, id="-13dBFS-not-heard-at-0.9"),  # needs -6 dBFS
    pytest.param(0.9, 0.9, True, id="-4dBFS-heard-at-0.9"),
    pytest.param(0.1, 0.005, True, id="-49dBFS-heard-at-0.1"),  # needs -54 dBFS
])
def test_a_higher_threshold_needs_louder_audio(threshold, amplitude, speech) -> None:
    detector = VoiceActivity.from_config({**SERVER_VAD, "threshold": threshold}, 24_000, 0)
    found = _listen(detector, tone(500, amplitude=amplitude))
    assert (found == [Started(0)]) is speech


def test_a_pause_shorter_than_the_silence_duration_does_not_end_the_turn() -> None:
    detector = VoiceActivity.from_config(SERVER_VAD, 24_000, 0)
    found = _listen(detector, np.concatenate([tone(300), silence(400), tone(300), silence(500)]))
    assert found == [Started(0), Stopped(1500)]


def test_semantic_vad_waits_longer_when_less_eager() -> None:
    low = VoiceActivity.from_config({"type": "semantic_vad", "eagerness": "low"}, 24_000, 0)
    high = VoiceActivity.from_config({"type": "semantic_vad", "eagerness": "high"}, 24_000, 0)
    audio = np.concatenate([tone(300), silence(2500)])
    assert (_listen(low, audio)[-1], _listen(high, audio)[-1]) == (Stopped(2300), Stopped(600))


def test_g711_rate_frames_are_found_too() -> None:
    detector = VoiceActivity.from_config(SERVER_VAD, 8_000, 0)
    found = _listen(detector, np.concatenate([silence(500, rate=8000), tone(500, rate=8000), silence(600, rate=8000)]),
                    chunk=800)
    assert found == [Started(200), Stopped(1500)]
