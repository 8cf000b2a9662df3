"""--workers N: N server processes sharing one listening socket, under uvicorn's own
supervisor (which restarts a worker that dies and stops them all on SIGTERM).

uvicorn starts each worker as a fresh interpreter and hands it the configuration by
pickling, so the app is named by import path and built in the worker by `worker_app`,
from the settings the parent leaves in SETTINGS_VARIABLE. Only a shared store makes
the workers one mock; Settings refuses more than one worker without it."""

from __future__ import annotations

import dataclasses
import gc
import json
import os
from typing import Any

import uvicorn

from mock_realtime.settings import Settings
from mock_realtime.web._uvicorn import GuardedHttpProtocol, supervise_workers
from mock_realtime.web.connection_budget import ConnectionBudget

SETTINGS_VARIABLE = "MOCK_REALTIME__WORKER_SETTINGS"


class WorkerHttpProtocol(GuardedHttpProtocol):
    """The guarded protocol, importable by name; `worker_app` sets its timeouts and budget
    (each worker counts its own connections, so N workers hold up to N times the limits)."""


def worker_settings() -> Settings:
    values: dict[str, Any] = json.loads(os.environ[SETTINGS_VARIABLE])
    fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
    return Settings(**fields)


def worker_app() -> Any:
    """The app of one worker, built in that worker's process."""
    from mock_realtime.web.app import create_app

    settings = worker_settings()
    WorkerHttpProtocol.header_timeout = settings.header_timeout
    WorkerHttpProtocol.body_timeout = settings.body_timeout
    WorkerHttpProtocol.budget = ConnectionBudget(
        total=settings.max_connections, per_client=settings.max_client_connections
    )
    app = create_app(settings)
    gc.freeze()  # as in a single process: what lives as long as the worker is frozen
    return app


def run_workers(config: uvicorn.Config, settings: Settings) -> None:
    os.environ[SETTINGS_VARIABLE] = json.dumps(dataclasses.asdict(settings))
    config.app = f"{__name__}:worker_app"
    config.factory = True
    config.http = f"{__name__}:WorkerHttpProtocol"
    config.workers = settings.workers
    supervise_workers(config)
