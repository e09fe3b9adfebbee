"""The rule that links never loop, written once: reporting lines, org units inside org units, decision steps.

A person reports to one manager, a unit sits inside one parent, a step depends on its prerequisites; none of
them may come back to where it started. An edit that adds one link asks :func:`loop_closed_by`; a file that
brings many at once asks :func:`find_loops`. Each caller words the refusal its own way, naming the loop.
Nodes are anything hashable (ids, or a contact's place in an import); linear time, no recursion.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

N = TypeVar("N", bound=Hashable)


def loop_closed_by(tail: N, head: N, links_of: Callable[[N], Iterable[N]]) -> list[N] | None:
    """The loop that a new link ``tail → head`` would close, or None when it closes none.

    ``links_of(node)`` gives where the links already leave ``node`` (a person's manager, a step's
    prerequisites). The loop is the shortest, in the direction of the links, from the new link round to
    where it started: ``[tail, head, ..., tail]``; a link to itself is ``[tail, tail]``.
    """
    if tail == head:
        return [tail, tail]
    came_from: dict[N, N | None] = {head: None}
    waiting = deque([head])
    while waiting:
        node = waiting.popleft()
        for target in links_of(node):
            if target in came_from:
                continue
            came_from[target] = node
            if target == tail:
                path: list[N] = []
                step: N | None = node
                while step is not None:
                    path.append(step)
                    step = came_from[step]
                return [tail, *reversed(path), tail]
            waiting.append(target)
    return None


def find_loops(links: Iterable[tuple[N, N]]) -> list[list[N]]:
    """Loops among these links (``(from, to)`` pairs), each as the nodes met following the links.

    A loop is listed from the node where the walk entered it, without coming back to it: ``[a, b, c]`` for
    a → b → c → a. Walks start at each link's ``from`` in the order given. Where every node has at most
    one link out (a reporting line, a unit's parent) this is every loop, and no two loops share a node;
    otherwise every walk that comes back on itself gives one, so an empty list means there is no loop.
    """
    following: dict[N, list[N]] = {}
    for source, target in links:
        following.setdefault(source, []).append(target)
    state: dict[N, bool] = {}  # True: on the walk under way; False: done, no loop through it left to find
    loops: list[list[N]] = []
    for start in following:
        if start in state:
            continue
        path = [start]
        state[start] = True
        pending = [iter(following[start])]
        while pending:
            for target in pending[-1]:  # resumed where it stopped: the same iterator
                if target not in state:
                    state[target] = True
                    path.append(target)
                    pending.append(iter(following.get(target, ())))
                    break
                if state[target]:
                    loops.append(path[path.index(target) :])
            else:
                state[path.pop()] = False
                pending.pop()
    return loops
