"""Which user agents are robots or machines, by the COUNTER-Robots list.

The list is the one COUNTER maintains (atmire/COUNTER-Robots, with the machines of the Code of
Practice for Research Data), as the ``counter-robots`` package ships it; upgrading the pinned
package updates the list. The package matches case-sensitively, which misses e.g. "GPTBot"
against the pattern "bot": here the same patterns are matched regardless of case (real
browsers' user agents still pass; the tests hold a set of them).
"""

import re
from functools import lru_cache
from importlib.resources import files

import counter_robots

LIST_VERSION = counter_robots.__version__
LISTS = ("robot.txt", "machine.txt")


def patterns():
    """Every pattern of the list, robots first."""
    found = []
    for name in LISTS:
        text = (files(counter_robots) / "data" / name).read_text(encoding="utf-8")
        found += [line for line in text.splitlines() if line.strip()]
    return found


@lru_cache(maxsize=1)
def _expression():
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns()), re.IGNORECASE)


@lru_cache(maxsize=4096)
def is_robot(user_agent):
    """Whether a User-Agent is a robot or a machine (an empty one is)."""
    user_agent = (user_agent or "").strip()
    return not user_agent or bool(_expression().search(user_agent))
