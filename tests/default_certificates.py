"""Write every default certificate (each theorem of ``verinet verify --all`` and each lemma of
``verinet prove``) into a folder: ``python tests/default_certificates.py DIR``.

Used by the determinism, kernel and tamper tests, in a subprocess so that each run has its own
hash seed.
"""

import sys


def write_all(folder: str) -> list:
    from proofs import registry
    from verinet.theorems.registry import THEOREMS

    written = []
    for name, theorem in THEOREMS.items():
        theorem().write(f"{folder}/{name}.json")
        written.append(name)
    for name, module in registry.PROOFS.items():
        if registry.source_of(module) == "proofs/lemmas":
            module.prove().write(f"{folder}/{name}.json")
            written.append(name)
    return written


if __name__ == "__main__":
    write_all(sys.argv[1])
