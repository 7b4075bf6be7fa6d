"""(being built)"""

from flask import Flask


def install(app: Flask) -> None:
    pass
