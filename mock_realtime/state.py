"""Everything one running mock holds: its settings, contract and ids, and its store
(clock, issued secrets, journal, faults, quota). Built once per app; routes read it, tests reach it through the app."""

from __future__ import annotations

from dataclasses import dataclass

from mock_realtime.contract.checker import RequestChecker
from mock_realtime.contract.snapshot import Contract, load_contract
from mock_realtime.ids import IdSource
from mock_realtime.rate_limit import parse_rate_limit
from mock_realtime.settings import Settings
from mock_realtime.store import open_store
from mock_realtime.store.interface import FaultSchedule, RequestLog, RequestQuota, SecretBook, Store, TimeSource


@dataclass
class MockState:
    settings: Settings
    contract: Contract
    ids: IdSource
    store: Store
    checker: RequestChecker  # the request schema's, built once per mock
    # The store's parts, bound once, so that a route reaches each in one attribute lookup.
    clock: TimeSource
    secrets: SecretBook
    journal: RequestLog
    faults: FaultSchedule
    rate_limiter: RequestQuota | None

    @classmethod
    def build(
        cls, settings: Settings, *, clock: TimeSource | None = None, ids: IdSource | None = None
    ) -> MockState:
        contract = load_contract(settings.contract)
        store = open_store(settings, limit=parse_rate_limit(settings.rate_limit), clock=clock)
        return cls(
            settings=settings,
            contract=contract,
            ids=ids or IdSource(seed=settings.seed),
            store=store,
            checker=contract.checker("request"),
            clock=store.clock,
            secrets=store.secrets,
            journal=store.journal,
            faults=store.faults,
            rate_limiter=store.quota,
        )

    def reset(self) -> None:
        """Back to a fresh start: empty journal, secrets and faults, real time, full quota,
        and (when seeded) the first ids again, so each test sees the same ids alone or in a run.
        With a shared store this resets every replica's state at once."""
        self.store.reset()
        if self.settings.seed is not None:
            self.ids = IdSource(seed=self.settings.seed)

    @property
    def secret_ttl(self) -> int:
        return self.settings.secret_ttl or self.contract.secret_ttl_seconds
