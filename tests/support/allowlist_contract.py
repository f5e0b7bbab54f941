"""An import-linter contract that lists what a package may import, not what it may not.

A "forbidden" contract stays kept when someone adds a new module the list never named;
an allow-list breaks instead. `lint-imports` loads it through `contract_types` in
pyproject.toml:

    [[tool.importlinter.contracts]]
    type = "allowlist"
    source_modules = ["server"]
    allowed_modules = ["server", "workstation.protocol", "workstation.domain"]

Only imports of the project's own packages (the root packages) and of the modules named
in `watched_externals` are judged; other third-party imports are none of its business.
Each allowed entry admits the module and everything below it.
"""

from __future__ import annotations

from typing import Any

from importlinter import Contract, ContractCheck, fields, output


def _within(module: str, packages: set[str]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


class AllowListContract(Contract):
    type_name = "allowlist"

    source_modules = fields.ListField(subfield=fields.StringField())
    allowed_modules = fields.ListField(subfield=fields.StringField())
    watched_externals = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: Any, verbose: bool) -> ContractCheck:
        sources = set(self.source_modules)  # type: ignore[arg-type]
        allowed = set(self.allowed_modules)  # type: ignore[arg-type]
        judged = set(self.session_options["root_packages"]) | set(
            self.watched_externals or []  # type: ignore[arg-type]
        )
        broken: list[dict[str, Any]] = []
        for importer in sorted(graph.modules):
            if not _within(importer, sources):
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                if not _within(imported, judged) or _within(imported, allowed):
                    continue
                details = graph.get_import_details(importer=importer, imported=imported)
                lines = sorted(d["line_number"] for d in details)
                broken.append({"importer": importer, "imported": imported, "lines": lines})
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for item in check.metadata["broken"]:
            lines = ", ".join(f"l.{n}" for n in item["lines"])
            output.print_error(f"{item['importer']} -> {item['imported']} ({lines})", bold=False)
            output.new_line()
