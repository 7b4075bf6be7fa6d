"""Service registry (named capabilities behind Protocols) and scope registry."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from flask import current_app


class RegistryError(RuntimeError):
    pass


def import_string(path: str) -> Any:
    module_name, _, attribute = path.partition(":")
    module = import_module(module_name)
    return getattr(module, attribute) if attribute else module


class ServiceRegistry:
    """Name -> provider. Providers are factories called once, on first use."""

    def __init__(self) -> None:
        self._factories: dict[str, tuple[Callable[[], Any], str]] = {}
        self._instances: dict[str, Any] = {}

    def provide(self, name: str, factory: Callable[[], Any] | str, *, owner: str) -> None:
        if name in self._factories:
            raise RegistryError(
                f"service {name!r} is provided twice: by {self._factories[name][1]} and {owner}"
            )
        loader = (lambda: import_string(factory)()) if isinstance(factory, str) else factory
        self._factories[name] = (loader, owner)

    def __contains__(self, name: str) -> bool:
        return name in self._factories

    def owner(self, name: str) -> str:
        return self._factories[name][1]

    def get(self, name: str) -> Any:
        if name not in self._instances:
            try:
                factory, _owner = self._factories[name]
            except KeyError:
                raise RegistryError(f"no service named {name!r} is provided") from None
            self._instances[name] = factory()
        return self._instances[name]

    def names(self) -> list[str]:
        return sorted(self._factories)


class ScopeRegistry:
    def __init__(self) -> None:
        self._scopes: dict[str, tuple[Any, str]] = {}

    def add(self, scope: Any, *, owner: str) -> None:
        if scope.name in self._scopes:
            raise RegistryError(f"scope {scope.name!r} is declared twice")
        self._scopes[scope.name] = (scope, owner)

    def __contains__(self, name: str) -> bool:
        return name in self._scopes

    def all(self) -> list[Any]:
        return [scope for scope, _owner in self._scopes.values()]

    def names_of(self, *owners: str) -> list[str]:
        """The names of the scopes these owners declared ("core" and "auth": the platform's)."""
        return sorted(name for name, (_scope, owner) in self._scopes.items() if owner in owners)


def services() -> ServiceRegistry:
    """The current app's service registry: `services().get("regions")`."""
    return current_app.extensions["satupintu.services"]


def scopes() -> ScopeRegistry:
    return current_app.extensions["satupintu.scopes"]
