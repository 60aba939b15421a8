"""The password hasher: Argon2id with OWASP's recommended minimum cost.

Django's own Argon2 defaults (100 MiB, 8 lanes) cost about 0.4 s of CPU per login on a small
server: 2.5 logins/s per core, far under the 15/s per vCPU an identity service is sized for, and an
easy way to exhaust the server with login attempts. OWASP's minimum for Argon2id (19 MiB, 2 passes,
1 lane) keeps a memory-hard hash at about 20 logins/s per core (bench/login_throughput.py).
Existing hashes with other parameters are re-hashed at the user's next login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
