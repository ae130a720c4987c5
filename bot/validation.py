"""Reading and validating the YAML files in ``roles/``: one error type that names file and field."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


class CatalogueError(Exception):
    """A catalogue file is malformed; the message names the file and the field."""


class Model(BaseModel):
    """Strict, frozen pydantic model: unknown fields are errors, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def read_yaml(path: Path) -> object:
    """The parsed YAML of ``path``; CatalogueError with the line for bad YAML."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise CatalogueError(f"{path.name}: invalid YAML{where}: {problem}") from exc
    except OSError as exc:
        raise CatalogueError(f"{path.name}: cannot read file: {exc.strerror}") from exc


def describe(exc: ValidationError, filename: str) -> str:
    """The first validation error as "file: field 'a.b': message"."""
    err = exc.errors()[0]
    loc = ".".join(str(part) for part in err["loc"]) or "(top level)"
    msg = err["msg"]
    if err["type"] == "missing":
        msg = "field is required"
    elif err["type"] == "extra_forbidden":
        msg = "unknown field"
    return f"{filename}: field '{loc}': {msg}"


def parse(model: type[Model], data: object, filename: str):
    """``data`` validated as ``model``; CatalogueError naming the file and field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise CatalogueError(describe(exc, filename)) from exc


def load_file(model: type[Model], path: Path):
    """Read and validate one YAML file that holds one mapping."""
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise CatalogueError(f"{path.name}: field '(top level)': expected a mapping")
    return parse(model, data, path.name)


def load_list(model: type[BaseModel], path: Path):
    """Read and validate one YAML file that holds one list (``model`` is a RootModel)."""
    data = read_yaml(path)
    if not isinstance(data, list):
        raise CatalogueError(f"{path.name}: field '(top level)': expected a list")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise CatalogueError(describe(exc, path.name).replace("field 'root.", "field '")) from exc
