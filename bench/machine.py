"""What every benchmark prints about the machine it ran on (imported by the scripts beside it)."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo, or what the platform module knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def ram_gib() -> float | None:
    """Total memory in GiB from /proc/meminfo; None where there is no such file."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def database_version() -> str:
    """The database Django is connected to and its version, as the machine block prints it."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL: {cursor.fetchone()[0]}"
    import sqlite3

    return f"SQLite:     {sqlite3.sqlite_version}"


def load_average() -> str:
    """The 1, 5 and 15 minute load averages ("?" where the platform has none): on a shared machine
    the figures mean little without them."""
    try:
        return ", ".join(f"{load:.2f}" for load in os.getloadavg())
    except OSError:
        return "?"


def print_machine(database: str) -> None:
    """The block that heads a benchmark's figures: CPU, memory, Python, the database, the load now."""
    print()
    print("Machine")
    print(f"  CPU:        {cpu_model()}, {os.cpu_count()} cores")
    print(f"  RAM:        {ram_gib()} GiB")
    print(f"  Python:     {platform.python_version()} ({platform.python_implementation()})")
    print(f"  {database}")
    print(f"  Load:       {load_average()} (1, 5, 15 min)")
    print()
