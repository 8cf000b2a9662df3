"""Audio the mock speaks and hears: G.711 byte for byte as the standard's reference
code (audioop, deprecated but still in Python 3.11, is the oracle), speech that is
audibly not silence, and durations per format."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from mock_realtime.conversation import audio, g711

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop

ALL_SAMPLES = np.arange(-32768, 32768, dtype=np.int16)
ALL_CODES = bytes(range(256))


@pytest.mark.parametrize(("encode", "oracle"), [(g711.ulaw_encode, audioop.lin2ulaw),
                                                (g711.alaw_encode, audioop.lin2alaw)], ids=["ulaw", "alaw"])
def test_g711_encoding_matches_the_reference_for_every_sample(encode, oracle) -> None:
    assert encode(ALL_SAMPLES) == oracle(ALL_SAMPLES.tobytes(), 2)


@pytest.mark.parametrize(("decode", "oracle"), [(g711.ulaw_decode, audioop.ulaw2lin),
                                                (g711.alaw_decode, audioop.alaw2lin)], ids=["ulaw", "alaw"])
def test_g711_decoding_matches_the_reference_for_every_code(decode, oracle) -> None:
    assert decode(ALL_CODES).tobytes() == oracle(ALL_CODES, 2)


def test_g711_silence_has_the_standard_codes() -> None:
    # ITU-T G.711: zero encodes as 0xFF in µ-law and 0xD5 in A-law.
    assert (g711.ulaw_encode(np.zeros(1, np.int16)), g711.alaw_encode(np.zeros(1, np.int16))) == (b"\xff", b"\xd5")


@pytest.mark.parametrize(("codec", "per_second"), [("pcm16", 48_000), ("g711_ulaw", 8_000), ("g711_alaw", 8_000)])
def test_a_second_of_audio_takes_the_formats_bytes(codec, per_second) -> None:
    assert audio.duration_ms(per_second, codec) == 1000


@pytest.mark.parametrize("codec", ["pcm16", "g711_ulaw", "g711_alaw"])
def test_spoken_words_are_loud_and_survive_their_encoding(codec) -> None:
    spoken = audio.speak("weather", audio.sample_rate(codec))
    heard = audio.decode(audio.encode(spoken, codec), codec)
    level = float(np.sqrt(np.mean(np.square(heard.astype(np.float64))))) / 32768
    assert len(heard) == audio.sample_rate(codec) * (7 * 60 + 40) // 1000  # 60 ms a letter, 40 ms pause
    assert 0.05 < level < 0.5


def test_the_same_word_sounds_the_same_and_another_differs() -> None:
    assert np.array_equal(audio.speak("hello", 24_000), audio.speak("hello", 24_000))
    assert not np.array_equal(audio.speak("hello", 24_000), audio.speak("world", 24_000))


@pytest.mark.parametrize("codec", ["pcm16", "g711_ulaw", "g711_alaw"])
@pytest.mark.parametrize("word", [" hello", "a", "extraordinarily", " QX7", "."])
def test_a_kept_sound_is_the_word_spoken_and_encoded(codec, word) -> None:
    assert audio.spoken(word, codec) == audio.encode(audio.speak(word, audio.sample_rate(codec)), codec)
    assert audio.spoken(word, codec) is audio.spoken(word, codec)  # made once, then kept


def test_at_most_512_sounds_are_kept() -> None:
    """One reply of many different words cannot grow the kept sounds past their bound."""
    audio._encoded_tone.cache_clear()
    words = [chr(65 + pitch % 58) * (length + 2) + chr(65 + pitch // 58) for pitch in range(116) for length in range(9)]
    for word in words:
        audio.spoken(word, "pcm16")
    kept = audio._encoded_tone.cache_info()
    assert kept.misses > 512  # more distinct sounds were made than are kept
    assert kept.currsize == kept.maxsize == 512
