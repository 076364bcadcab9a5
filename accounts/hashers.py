from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's minimum: 19 MiB, 2 passes, 1 lane.

    Django's default (100 MiB, 8 lanes) costs several times more CPU and memory per login;
    at a national login peak of millions of employees that is the difference between a few
    app servers and ten times as many, for no gain against an offline attacker that the
    OWASP parameters do not already give. Hashes made with other parameters are upgraded
    on the next successful login (Django's must_update).
    """

    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
