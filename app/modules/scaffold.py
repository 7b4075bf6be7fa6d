"""`flask services new`: write a working module from the files in app/modules/template.

Two destinations:
- the platform's own `services/` folder: the package `services.<slug>`; its entry point goes
  into the root pyproject.toml like every in-tree module;
- any other folder: a stand-alone agency project `satupintu-<slug>/` holding a pyproject.toml
  that declares the entry point, and the package `satupintu_<slug>`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from string import Template

from alembic.util import rev_id

from app.modules.validate import AGENCY, RESERVED_SLUGS, SLUG
from app.reference.service import shipped_agency_codes

TEMPLATE = Path(__file__).parent / "template"
IN_TREE_SERVICES = Path(__file__).resolve().parents[2] / "services"


class ScaffoldError(ValueError):
    """The module cannot be written; the message says why."""


def scaffold(slug: str, *, agency: str, target: str | Path = "services") -> Path:
    """Write the module and return the folder created (the package, or the agency project)."""
    check_names(slug, agency)
    target = Path(target).resolve()
    in_tree = target == IN_TREE_SERVICES
    package = f"services.{slug}" if in_tree else f"satupintu_{slug}"
    root = target / slug if in_tree else target / f"satupintu-{slug.replace('_', '-')}"
    if root.exists():
        raise ScaffoldError(f"{root} already exists; refusing to overwrite it")

    values = _values(slug, agency, package, distribution=root.name)
    files = _render(TEMPLATE / "module", root if in_tree else root / package, slug, values)
    if not in_tree:
        files.update(_render(TEMPLATE / "project", root, slug, values))
    for path, text in files.items():  # everything rendered first: a bad template writes nothing
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def check_names(slug: str, agency: str) -> None:
    if not SLUG.match(slug):
        raise ScaffoldError(f"slug {slug!r} must match {SLUG.pattern}")
    if slug in RESERVED_SLUGS:
        raise ScaffoldError(f"slug {slug!r} is reserved for the platform")
    if not AGENCY.match(agency):
        raise ScaffoldError(f"agency code {agency!r} must match {AGENCY.pattern}")
    if agency not in shipped_agency_codes():
        # Catalog entries reference the agency table, which holds the shipped reference data.
        raise ScaffoldError(f"agency {agency!r} is not in the platform's reference data "
                            f"(app/reference/data/agencies.csv); add it there first")


def next_steps(slug: str, root: Path) -> str:
    """What to do after `scaffold()`, for the CLI."""
    if (root / "pyproject.toml").is_file():
        first = f"cd {root} && pip install -e . && pytest"
    else:
        first = (f'add  {slug} = "services.{slug}:module"  under [project.entry-points.'
                 f'"satupintu.services"] in pyproject.toml, then: pip install -e . && pytest {root}')
    return (f"next: {first}\n      then: flask db upgrade && flask catalog sync && "
            f"flask services check {slug}")


def _values(slug: str, agency: str, package: str, *, distribution: str) -> dict[str, str]:
    name = slug.replace("_", " ").title()
    return {
        "slug": slug,
        "agency": agency,
        "package": package,
        "distribution": distribution,
        "camel": name.replace(" ", ""),
        "title_id": f"Layanan {name}",
        "title_en": f"{name} service",
        "summary_id": f"Layanan {name} secara daring.",
        "summary_en": f"The {name} service, online.",
        "keywords": slug.replace("_", " "),
        "revision": rev_id(),
        "created": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
    }


def _render(source: Path, destination: Path, slug: str, values: dict[str, str]) -> dict[Path, str]:
    rendered = {}
    for template in sorted(source.rglob("*.tmpl")):
        relative = template.relative_to(source).with_suffix("")  # drops ".tmpl"
        path = destination / str(relative).replace("{slug}", slug)
        rendered[path] = Template(template.read_text(encoding="utf-8")).substitute(values)
    return rendered
