"""The declaration of a checkable theorem: its statement, its parameters and how to run it.

A theorem module (e.g. :mod:`verinet.theorems.syz2022.thm_2_1`) ends with one
:class:`Theorem`; the registry (:mod:`verinet.theorems.registry`) lists them, and the CLI
generates ``verinet verify NAME``'s flags from :attr:`Theorem.parameters`.  No argparse
object reaches the library: a theorem is called with keyword arguments, given as values or
as the strings a user typed, and each :class:`Param` parses its own.
"""

from dataclasses import dataclass, field
from typing import Callable

from ..errors import InvalidArgument
from ..numbers import as_rational, parse_integer

__all__ = ["Param", "Theorem", "integer", "exact", "text", "flag"]


@dataclass(frozen=True)
class Param:
    """One parameter: ``parse(value) -> value`` (a value or the user's string), its default, its help.

    ``default=None`` means the parameter is optional and absent unless given.
    """

    parse: Callable
    default: object = None
    help: str = ""
    flag: bool = False  # a switch: ``--name`` with no value on the command line


def integer(name: str, minimum: int = None, maximum: int = None) -> Callable:
    """A parser of an ``int`` (or its decimal string, ASCII digits) within ``[minimum, maximum]``."""

    def parse(value):
        if isinstance(value, str):
            value = parse_integer(value, name)
        if type(value) is not int:
            raise InvalidArgument(f"{name}={value!r} must be an integer")
        if minimum is not None and value < minimum or maximum is not None and value > maximum:
            bounds = f">= {minimum}" if maximum is None else f"in [{minimum}, {maximum}]"
            raise InvalidArgument(f"{name}={value} must be {bounds}")
        return value

    return parse


def exact(name: str) -> Callable:
    """A parser of an exact rational number (``"3/2"``, ``"0.25"``, an int, ``Fraction`` or ``MPQ``)."""
    return lambda value: as_rational(value, name)


def text(value):
    """A string parameter, kept as it is (targets, moduli: parsed later by the expression parser)."""
    if not isinstance(value, str):
        raise InvalidArgument(f"{value!r} must be a string")
    return value


def flag(value) -> bool:
    if type(value) is not bool:
        raise InvalidArgument(f"{value!r} must be True or False")
    return value


@dataclass(frozen=True)
class Theorem:
    """A theorem verinet checks on instances.

    Attributes
    ----------
    name : str
        Qualified by paper, e.g. ``"syz22-2.1"``.
    reference : str
        The paper and theorem, e.g. ``"Shen-Yang-Zhang 2022, Theorem 2.1"``.
    statement : str
        The statement checked, in one paragraph.
    summary : str
        One line for ``verinet verify --list``.
    parameters : dict
        ``name -> Param``.
    run : callable
        ``run(**arguments) -> Certificate`` with every parameter parsed.
    target_defaults : dict
        The default target and its regularity data, used together and only when no target
        ``f`` is given (the default Lipschitz constant belongs to the default target).
    """

    name: str
    reference: str
    statement: str
    summary: str
    parameters: dict
    run: Callable
    target_defaults: dict = field(default_factory=dict)

    def arguments(self, given: dict) -> dict:
        """Parsed keyword arguments for :attr:`run`: ``given``, then the defaults.

        Raises
        ------
        InvalidArgument
            For an unknown parameter (naming the known ones) or a value its parser refuses.
        """
        unknown = sorted(set(given) - set(self.parameters))
        if unknown:
            raise InvalidArgument(f"{self.name}: unknown parameter {unknown[0]!r}; "
                                  f"known: {', '.join(self.parameters)}")
        values = {k: v for k, v in given.items() if v is not None}
        if "f" not in values:
            values = {**self.target_defaults, **values}
        out = {}
        for name, param in self.parameters.items():
            value = values.get(name, param.default)
            out[name] = None if value is None else param.parse(value)
        return out

    def __call__(self, **given):
        """Check one instance: ``theorem(d=2, n=3, f="sin(3*x1)*x2/2")`` -> Certificate."""
        return self.run(**self.arguments(given))

    def defaults(self) -> dict:
        """The default instance's arguments, as the strings or values declared."""
        out = {k: p.default for k, p in self.parameters.items() if p.default is not None and not p.flag}
        return {**out, **self.target_defaults}
