"""The package's shape: the registries are complete, the import graph has no cycle, only the CLI imports proofs."""

import ast
import pkgutil
from pathlib import Path

import networkx as nx
import pytest

import proofs
import verinet
from proofs import registry as proofs_registry
from verinet.claims.theorem import Theorem
from verinet.theorems import registry

PACKAGE = Path(verinet.__file__).resolve().parent
# The top-level packages whose modules the import graph records as targets.
OURS = ("verinet", "proofs")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _ours(module: str) -> bool:
    return module.split(".")[0] in OURS


def _imports(path: Path, name: str) -> set:
    """Every ``verinet`` or ``proofs`` module that ``path`` imports, at module level or inside functions."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if _ours(a.name)}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if _ours(base):
                # ``from .x import y`` imports module x.y when y is a module, else module x
                for alias in node.names:
                    candidate = f"{base}.{alias.name}"
                    out.add(candidate if _is_module(candidate) else base)
    return out


def _is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for path in sorted(PACKAGE.rglob("*.py")):
        name = _module_name(path)
        graph.add_node(name)
        for target in _imports(path, name):
            # importing verinet.a.b runs verinet.a/__init__ first; an edge to the package itself is not a cycle
            if target != name and not name.startswith(target + "."):
                graph.add_edge(name, target)
    return graph


def test_no_import_cycle_inside_verinet():
    graph = import_graph()
    cycles = list(nx.simple_cycles(graph))
    assert not cycles, f"import cycles: {cycles[:3]}"


def test_import_graph_sees_imports_inside_functions():
    # A mutated graph: the checker must find a cycle that a function-level import creates.
    graph = import_graph()
    assert graph.has_edge("verinet.theorems.registry", "verinet.theorems.syz2022.thm_2_1")
    graph.add_edge("verinet.claims.certificate", "verinet.theorems.registry")
    assert list(nx.simple_cycles(graph))


def _registry_rule_violations(edges) -> list:
    """Imports that break the rule: inside verinet only the top layers (the CLI and the public
    ``verinet.api``) import the theorem registry, and of proofs only ``proofs.registry``."""
    return sorted((m, t) for m, t in edges
                  if (t == "verinet.theorems.registry" or t.split(".")[0] == "proofs")
                  and not ((m.startswith("verinet.cli.") or m == "verinet.api")
                           and t in ("verinet.theorems.registry", "proofs.registry")))


def test_only_cli_imports_the_registries():
    edges = import_graph().edges
    assert ("verinet.cli.prove", "proofs.registry") in edges
    assert _registry_rule_violations(edges) == []


def test_registry_rule_sees_a_library_module_importing_a_proof(tmp_path):
    # A mutated module: verinet.claims.certificate importing a proof script inside a function.
    fake = tmp_path / "certificate.py"
    fake.write_text("def f():\n    from proofs.lemmas import mid3_eq_median\n")
    targets = _imports(fake, "verinet.claims.certificate")
    assert targets == {"proofs.lemmas.mid3_eq_median"}
    assert _registry_rule_violations([("verinet.claims.certificate", t) for t in targets]) != []
    assert _registry_rule_violations([("verinet.cli.prove", "proofs.lemmas.mid3_eq_median")]) != []


def test_every_theorem_module_is_registered():
    modules = {info.name for info in pkgutil.walk_packages(verinet.theorems.__path__, "verinet.theorems.")}
    declared = set()
    for name in modules:
        if name.rsplit(".", 1)[-1].startswith("thm_"):
            module = __import__(name, fromlist=["THEOREM"])
            assert isinstance(module.THEOREM, Theorem), name
            declared.add(module.THEOREM.name)
    assert declared == set(registry.THEOREMS)
    assert all(registry.get(alias).name == full for alias, full in registry.ALIASES.items())


def test_every_proof_script_is_registered():
    # Every public module under proofs/<source>/ is a registered proof named after its THEOREM.
    scripts = {info.name for info in pkgutil.walk_packages(proofs.__path__, "proofs.")
               if not info.ispkg and info.name.count(".") == 2 and not info.name.rsplit(".", 1)[-1].startswith("_")}
    assert scripts == {m.__name__ for m in proofs_registry.PROOFS.values()}
    for name, module in proofs_registry.PROOFS.items():
        assert module.THEOREM.name == name and module.PARAMETERS is module.THEOREM.parameters
    lemmas = [m for m in proofs_registry.PROOFS.values() if m.__name__.startswith("proofs.lemmas.")]
    assert len(lemmas) == 9 and all(m.THEOREM.name == m.__name__.rsplit(".", 1)[-1].replace("_", "-") for m in lemmas)
    assert set(registry.THEOREMS) <= set(proofs_registry.PROOFS)
    assert all(proofs_registry.get(alias) is proofs_registry.get(full) for alias, full in registry.ALIASES.items())


@pytest.mark.parametrize("name", sorted(registry.THEOREMS))
def test_every_registered_theorem_verifies_at_its_default_instance(name):
    cert = registry.get(name)()
    assert cert.verdict == "pass", [c.name for c in cert.failures()]
    assert cert.theorem == registry.get(name).reference


def test_unknown_theorem_and_parameter_are_clear_errors():
    from verinet.errors import InvalidArgument

    with pytest.raises(InvalidArgument, match="unknown theorem 'syz22-9.9'; known: syz22-a1"):
        registry.get("syz22-9.9")
    with pytest.raises(InvalidArgument, match="unknown parameter 'N'; known: d, n"):
        registry.get("2.1")(N=3)
    with pytest.raises(InvalidArgument, match="n=0 must be >= 1"):
        registry.get("2.1")(n="0")
    with pytest.raises(InvalidArgument, match="p=1/2 must be >= 1"):
        registry.get("2.1")(p="1/2", no_diff=True)
