"""``verinet demo``: the README's main job — build the built-in constructions and report."""

from ..constructions.registry import get_builder
from .network_commands import construction_report

__all__ = ["add_parser"]

DEMO = [("sawtooth", {"m": 6}), ("bit-extraction", {"bits": "0110"})]


def add_parser(subparsers) -> None:
    demo = subparsers.add_parser("demo", help="build the built-in constructions and print their reports")
    demo.set_defaults(func=run)


def run(args) -> dict:
    return {name: construction_report(get_builder(name).function(**params)) for name, params in DEMO}
