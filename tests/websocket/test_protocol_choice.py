"""Which protocol a handshake speaks, as a pure rule over the served snapshots: the beta
marker or a beta-minted key picks beta, everything else GA, and a mock serving one
protocol speaks it to everyone."""

from __future__ import annotations

import pytest

from mock_realtime.contract.snapshot import load_contract
from mock_realtime.websocket.protocol import spoken_contract

SEED, FINAL, GA = load_contract("2024-12-17"), load_contract("beta-final"), load_contract("ga")


@pytest.mark.parametrize(
    ("served", "headers", "offered", "minted_by", "expected"),
    [
        pytest.param((SEED, GA), {"openai-beta": "realtime=v1"}, [], None, "2024-12-17", id="beta-header"),
        pytest.param((SEED, GA), {"openai-beta": " realtime=v1 "}, [], None, "2024-12-17", id="header-spaces"),
        pytest.param((SEED, GA), {}, ["realtime", "openai-beta.realtime-v1"], None, "2024-12-17",
                     id="beta-subprotocol"),
        pytest.param((SEED, GA), {}, [], "2024-12-17", "2024-12-17", id="beta-minted-key"),
        pytest.param((FINAL, GA), {}, [], "beta-final", "beta-final", id="final-beta-minted-key"),
        pytest.param((SEED, GA), {}, ["realtime"], None, "ga", id="no-marker"),
        pytest.param((SEED, GA), {"openai-beta": "assistants=v2"}, [], None, "ga", id="other-beta-header"),
        pytest.param((SEED, GA), {}, [], "ga", "ga", id="ga-minted-key"),
        pytest.param((FINAL, GA), {"openai-beta": "realtime=v1"}, [], None, "beta-final", id="final-beta-marker"),
        pytest.param((SEED,), {}, [], None, "2024-12-17", id="beta-only-server"),
        pytest.param((GA,), {"openai-beta": "realtime=v1"}, [], None, "ga", id="ga-only-server"),
    ],
)
def test_spoken_contract(served, headers, offered, minted_by, expected) -> None:
    assert spoken_contract(served, headers, offered, minted_by=minted_by).name == expected
