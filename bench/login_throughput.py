"""Password logins per second per core with the configured hasher (Argon2id), beside Keycloak.

Times N calls of Django's ModelBackend.authenticate() (user lookup in an in-memory SQLite database
plus the password check) in one process, sequentially. Argon2 may use several threads for one hash
(its parallelism), so besides wall-clock throughput the script reports CPU seconds per login, and
"per core" = logins per CPU-second of this process. Keycloak's sizing guide plans 15 password
logins/s per vCPU (https://www.keycloak.org/high-availability/concepts-memory-and-cpu-sizing).
For comparison it also times the bare hash check with OWASP's minimum Argon2id parameters
(19 MiB, 2 passes, 1 lane), which Keycloak-like sizing would need.
Usage: .venv/bin/python bench/login_throughput.py [--logins 20] [--smoke]. The last line printed is JSON.
``--smoke`` times 3 logins (the database is always its own, in memory), for ``make test``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from machine import cpu_model

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KEYCLOAK_LOGINS_PER_VCPU = 15.0
PASSWORD = "Blue!Harbour-2026"  # noqa: S105 - a benchmark password, never stored


def setup_django() -> None:
    # The production hashers (config.settings.base), not the fast test hasher.
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def create_tables() -> None:
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from vikarieportalen.accounts.models import User

    with connection.schema_editor() as editor:
        for model in (ContentType, Permission, Group, User):
            editor.create_model(model)


def owasp_minimum_per_core(count: int) -> float:
    """Hash checks per CPU-second with OWASP's minimum Argon2id parameters (no database)."""
    from django.contrib.auth.hashers import Argon2PasswordHasher

    class OwaspMinimumArgon2(Argon2PasswordHasher):
        time_cost = 2
        memory_cost = 19 * 1024
        parallelism = 1

    hasher = OwaspMinimumArgon2()
    encoded = hasher.encode(PASSWORD, hasher.salt())
    start = time.process_time()
    for _ in range(count):
        assert hasher.verify(PASSWORD, encoded)
    return count / (time.process_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logins", type=int, default=20, help="logins to time (default 20)")
    parser.add_argument("--smoke", action="store_true", help="a tiny run (make test)")
    args = parser.parse_args()
    if args.smoke:
        args.logins = 3

    setup_django()
    create_tables()
    from django.contrib.auth.backends import ModelBackend
    from django.contrib.auth.hashers import get_hasher

    from vikarieportalen.accounts.models import User

    hasher = get_hasher("default")
    user = User(username="JOSA9804", preferred_given_name="Sara", family_name="Johansson")
    user.set_password(PASSWORD)
    user.save()
    parameters = {
        key: getattr(hasher, key)
        for key in ("time_cost", "memory_cost", "parallelism", "iterations")
        if hasattr(hasher, key)
    }
    backend = ModelBackend()
    # Warm up: first queries, and a wrong password (same cost: the hash is checked in full).
    assert backend.authenticate(None, username="josa9804", password=PASSWORD) is not None
    assert backend.authenticate(None, username="JOSA9804", password=PASSWORD + "x") is None

    durations = []
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    for _ in range(args.logins):
        started = time.perf_counter()
        authenticated = backend.authenticate(None, username="JOSA9804", password=PASSWORD)
        durations.append(time.perf_counter() - started)
        assert authenticated is not None
    wall = time.perf_counter() - wall_start
    cpu = time.process_time() - cpu_start

    owasp_per_core = owasp_minimum_per_core(args.logins)
    cores = os.cpu_count() or 1
    per_second_one_process = args.logins / wall
    per_core = args.logins / cpu
    result = {
        "benchmark": "login_throughput",
        "hasher": hasher.algorithm,
        "hasher_parameters": parameters,
        "logins": args.logins,
        "median_ms_per_login": round(statistics.median(durations) * 1000, 1),
        "p95_ms_per_login": round(sorted(durations)[math.ceil(len(durations) * 0.95) - 1] * 1000, 1),
        "cpu_ms_per_login": round(cpu / args.logins * 1000, 1),
        "logins_per_second_one_process": round(per_second_one_process, 1),
        "logins_per_second_per_core": round(per_core, 1),
        "logins_per_second_machine_estimate": round(per_core * cores, 1),
        "owasp_minimum_argon2_logins_per_second_per_core": round(owasp_per_core, 1),
        "keycloak_logins_per_second_per_vcpu": KEYCLOAK_LOGINS_PER_VCPU,
        "ratio_to_keycloak": round(per_core / KEYCLOAK_LOGINS_PER_VCPU, 2),
        "cpu_model": cpu_model(),
        "cores": cores,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    print(f"Hasher: {hasher.algorithm} {parameters}")
    print(f"Machine: {result['cpu_model']}, {cores} cores, Python {result['python']}")
    print(
        f"{args.logins} logins in {wall:.2f} s wall, {cpu:.2f} s CPU: "
        f"median {result['median_ms_per_login']} ms, p95 {result['p95_ms_per_login']} ms, "
        f"{result['cpu_ms_per_login']} ms CPU per login"
    )
    print(f"Logins/s, one process (sequential): {per_second_one_process:.1f}")
    print(
        f"Logins/s per core (per CPU-second): {per_core:.1f} "
        f"-> about {per_core * cores:.0f}/s on all {cores} cores"
    )
    print(
        f"Keycloak sizing: {KEYCLOAK_LOGINS_PER_VCPU:.0f} logins/s per vCPU "
        f"-> ratio {result['ratio_to_keycloak']}"
    )
    print(f"With OWASP's minimum Argon2id (m=19 MiB, t=2, p=1): {owasp_per_core:.1f} logins/s per core")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
